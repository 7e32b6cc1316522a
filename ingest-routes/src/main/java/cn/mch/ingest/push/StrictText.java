package cn.mch.ingest.push;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/** Pushed bytes as text, refused rather than patched when they are not in their encoding. */
final class StrictText {

  private StrictText() {}

  /** {@code content} from {@code offset} in {@code charset}; any malformed or unmappable byte throws. */
  static String decode(byte[] content, int offset, Charset charset) throws CharacterCodingException {
    return charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(content, offset, content.length - offset))
        .toString();
  }
}
