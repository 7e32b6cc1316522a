package cn.mch.ingest;

import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The channels through which hospitals push data to an ingest node; each is off unless set.
 *
 * @param dropDir root of the CSV drop folders, {@code <dropDir>/<source>/<adapter>/} ({@code
 *     ingest.drop.dir}); null: no drop folders
 * @param dropCharset encoding of dropped files ({@code ingest.drop.charset}, default UTF-8; e.g. GBK)
 * @param dropPollMs how often a drop folder is looked at ({@code ingest.drop.poll-ms})
 * @param httpPort port of the FHIR push endpoint {@code /ingest/fhir/<hospital>} ({@code
 *     ingest.push.http-port}); null: no endpoint
 * @param mllpPort port of the HL7 v2 MLLP listener ({@code ingest.push.mllp-port}); null: none
 */
public record PushSettings(Path dropDir, Charset dropCharset, long dropPollMs, Integer httpPort, Integer mllpPort) {

  public static final PushSettings NONE = new PushSettings(null, java.nio.charset.StandardCharsets.UTF_8, 2000, null, null);
}
