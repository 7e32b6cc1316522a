package cn.mch.ingest.rows;

import cn.mch.ingest.Rejected;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A polled row kept with its dead letter: its columns as text, in JSON. */
public final class RowPayloads {

  public static final String TYPE = "application/x-mch-row+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RowPayloads() {}

  public static <R extends Record> Rejected.Payload of(RowBinder<R> binder, R row) {
    try {
      return new Rejected.Payload(TYPE, JSON.writeValueAsBytes(binder.unbind(row)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The columns of a kept row, to bind again. */
  public static Map<String, Object> columns(byte[] payload) {
    try {
      return new LinkedHashMap<>(JSON.readValue(payload, new TypeReference<Map<String, Object>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
