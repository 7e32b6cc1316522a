package cn.mch.ingest.push;

import cn.mch.ingest.Batch;
import cn.mch.ingest.IngestErrorHandling;
import cn.mch.ingest.PolledEntity;
import cn.mch.ingest.Rejected;
import cn.mch.ingest.rows.RowBinder;
import cn.mch.ingest.store.FileReports;
import cn.mch.ingest.store.FileReports.FileReport;
import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.SourceKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hospital's drop folder for one entity, {@code <drop dir>/<source>/<adapter>/}: each CSV file
 * put there (a nightly export of prenatal visits, say) is read, its lines bound to the entity's row
 * record by the header's column names (the same snake-case names the SQL adapter selects), mapped
 * and written like polled rows. Then the file is moved to {@code done/} — or {@code failed/} when
 * it cannot be read as a whole (not in its encoding, no header, columns missing) — with a report
 * beside it ({@code <file>.report.json}) and a row in {@code ingest_file_report}.
 *
 * <p>Every line ends written or as a dead letter with its reason and the line itself (encrypted);
 * a bad line never costs the good lines of the file. The file is moved only after everything is
 * committed; if the FHIR server is down the file stays where it is and is read again, which
 * rewrites the same resources as no-ops. Dropping the same file again changes nothing.
 *
 * @param <R> the row record
 */
public final class CsvDropRoute<R extends Record> extends RouteBuilder {

  private static final Logger log = LoggerFactory.getLogger(CsvDropRoute.class);
  private static final String MOVE_TO = "MchMoveTo";
  private static final int MAX_PAYLOAD = 8 * 1024 * 1024;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String source;
  private final PolledEntity<R> entity;
  private final Path folder;
  private final Charset charset;
  private final int batchSize;
  private final long pollDelayMs;
  private final RowBinder<R> binder;
  private final RecordSink sink;
  private final FileReports reports;

  public CsvDropRoute(
      String source,
      PolledEntity<R> entity,
      Path dropDir,
      Charset charset,
      int batchSize,
      long pollDelayMs,
      RowBinder<R> binder,
      RecordSink sink,
      FileReports reports) {
    this.source = source;
    this.entity = entity;
    this.folder = dropDir.resolve(source).resolve(entity.adapter());
    this.charset = charset;
    this.batchSize = batchSize;
    this.pollDelayMs = pollDelayMs;
    this.binder = binder;
    this.sink = sink;
    this.reports = reports;
  }

  public String routeId() {
    return entity.routeId() + "-csv";
  }

  public Path folder() {
    return folder;
  }

  @Override
  public void configure() throws IOException {
    Files.createDirectories(folder);
    // readLock=changed: a file still being copied in is left until its size stops changing.
    // Without moveFailed, a file whose processing failed (FHIR server down) stays and is read again.
    fromF("file:%s?include=.*\\.(csv|CSV)&readLock=changed&readLockCheckInterval=500&readLockMinAge=1000"
            + "&sortBy=file:modified&delay=%d&move=${header.%s}", folder.toAbsolutePath(), pollDelayMs, MOVE_TO)
        .routeId(routeId())
        .routeConfigurationId(IngestErrorHandling.ID)
        .process(this::ingestFile).id(routeId() + "-ingest-file");
  }

  private void ingestFile(Exchange exchange) throws IOException {
    long started = System.nanoTime();
    String fileName = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    byte[] content = exchange.getIn().getBody(byte[].class);
    String stamp = LocalDateTime.now().format(STAMP);
    FileOutcome outcome = ingest(fileName, content);
    String movedTo = (outcome.failed() ? "failed/" : "done/") + stamp + "-" + fileName;
    FileReport report = new FileReport(
        routeId(), fileName, movedTo, outcome.failed() ? "failed" : "done",
        outcome.records(), outcome.written(), outcome.deadLetters().size(), outcome.message());
    reports.record(report);
    writeReportFile(folder.resolve(movedTo + ".report.json"), report, outcome.deadLetters());
    exchange.getIn().setHeader(MOVE_TO, movedTo);
    log.info("{}: file {} {}: {} records, {} written, {} dead letters, {} ms", routeId(), fileName, report.status(),
        report.records(), report.written(), report.deadLetters(), (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Replays a dead letter's CSV (the header and the line): true when every record of it is now
   * written.
   */
  public boolean replay(byte[] content) {
    FileOutcome outcome = ingest("replay.csv", content);
    return !outcome.failed() && outcome.deadLetters().isEmpty();
  }

  /** What became of a file: counts, and the dead letters by line (reason and key, no content). */
  private record FileOutcome(boolean failed, int records, int written, List<LineRejection> deadLetters, String message) {}

  /** A dead letter as the file report lists it. */
  public record LineRejection(Long record, String sourceKey, String reason, String message) {}

  FileOutcome ingest(String fileName, byte[] content) {
    String text;
    try {
      text = decode(content);
    } catch (CharacterCodingException e) {
      return fileFailed(fileName, content, RejectReason.INVALID_ENCODING, "The file is not valid " + charset.name());
    }
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).build();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = parser.getHeaderNames();
      List<String> missing = binder.columns().stream().filter(c -> !header.contains(c)).toList();
      if (header.isEmpty() || !missing.isEmpty()) {
        return fileFailed(fileName, content, RejectReason.MISSING_MANDATORY_FIELD,
            header.isEmpty() ? "The file has no header line" : "The header names no column " + String.join(", ", missing));
      }
      return ingestRecords(fileName, header, parser.iterator());
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      // The header itself cannot be parsed (duplicate or malformed names).
      return fileFailed(fileName, content, RejectReason.UNPARSEABLE, "The header line cannot be read as CSV");
    }
  }

  private FileOutcome ingestRecords(String fileName, List<String> header, Iterator<CSVRecord> lines) {
    int records = 0;
    int written = 0;
    List<LineRejection> deadLetters = new ArrayList<>();
    boolean more = true;
    while (more) {
      Map<SourceKey, MappedRecord> mapped = new LinkedHashMap<>();
      Map<SourceKey, Rejected> rejected = new LinkedHashMap<>();
      Map<SourceKey, Long> recordNumbers = new HashMap<>();
      Map<SourceKey, Rejected.Payload> payloads = new HashMap<>();
      int read = 0;
      while (read < batchSize && more) {
        Rejected unreadable = null;
        try {
          more = lines.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
          // The parser cannot get past this point (an unclosed quote): the rest is one dead letter.
          long number = records + read + 1;
          SourceKey key = lineKey(fileName, number);
          unreadable = new Rejected(key, RejectReason.UNPARSEABLE,
              "Record " + number + " and what follows cannot be read as CSV (an unclosed quote?)", null);
          rejected.put(key, unreadable);
          recordNumbers.put(key, number);
          more = false;
        }
        if (unreadable != null) {
          read++;
        } else if (more) {
          readLine(fileName, header, lines.next(), mapped, rejected, recordNumbers, payloads);
          read++;
        }
      }
      if (read == 0) {
        break;
      }
      Batch batch = sink.deliver(routeId(),
          new Batch(read, List.copyOf(mapped.values()), List.copyOf(rejected.values()), Watermark.START), payloads::get);
      records += read;
      written += batch.mapped().size();
      for (Rejected r : batch.rejected()) {
        deadLetters.add(new LineRejection(recordNumbers.get(r.key()), r.key().localId(), r.reason().name(), r.message()));
      }
    }
    return new FileOutcome(false, records, written, deadLetters, null);
  }

  private void readLine(
      String fileName, List<String> header, CSVRecord line,
      Map<SourceKey, MappedRecord> mapped, Map<SourceKey, Rejected> rejected, Map<SourceKey, Long> recordNumbers,
      Map<SourceKey, Rejected.Payload> payloads) {
    long number = line.getRecordNumber();
    Rejected.Payload payload = payload(header, line);
    if (!line.isConsistent()) {
      SourceKey key = lineKey(fileName, number);
      rejected.put(key, new Rejected(key, RejectReason.UNPARSEABLE,
          "Record " + number + " has " + line.size() + " fields, the header " + header.size(), payload));
      recordNumbers.put(key, number);
      return;
    }
    Map<String, Object> values = new HashMap<>();
    for (String column : header) {
      String value = line.get(column);
      values.put(column, value == null || value.isBlank() ? null : value);
    }
    List<String> invalid = new ArrayList<>();
    R row = null;
    while (row == null) {
      try {
        row = binder.bind(values);
      } catch (RowBinder.InvalidValueException e) {
        // Bind the rest to find the record's key; the line is rejected for this column.
        invalid.add(e.column());
        values.put(e.column(), null);
      }
    }
    SourceKey key = entity.key().apply(row);
    if (key.localId().equals(PolledEntity.keyOrMissing(null))) {
      key = new SourceKey(key.source(), key.entity(), "(missing) " + fileName + "#" + number);
    }
    recordNumbers.put(key, number);
    payloads.put(key, payload);
    mapped.remove(key);
    rejected.remove(key);
    if (!invalid.isEmpty()) {
      rejected.put(key, new Rejected(key, RejectReason.INVALID_FORMAT,
          "Record " + number + ": column " + String.join(", ", invalid) + " is not of its type", payload));
      return;
    }
    try {
      mapped.put(key, entity.mapping().apply(row));
    } catch (MappingException e) {
      rejected.put(key, new Rejected(key, e.reason(), "Record " + number + ": " + e.getMessage(), payload));
    }
  }

  private SourceKey lineKey(String fileName, long number) {
    return new SourceKey(source, entity.adapter() + "-file", fileName + "#" + number);
  }

  private FileOutcome fileFailed(String fileName, byte[] content, RejectReason reason, String message) {
    SourceKey key = new SourceKey(source, entity.adapter() + "-file", fileName);
    Rejected.Payload payload = content.length <= MAX_PAYLOAD ? new Rejected.Payload("text/csv", content) : null;
    Rejected rejected = new Rejected(key, reason, message, payload);
    sink.deliver(routeId(), new Batch(0, List.of(), List.of(rejected), Watermark.START));
    return new FileOutcome(true, 0, 0, List.of(new LineRejection(null, fileName, reason.name(), message)), message);
  }

  private String decode(byte[] content) throws CharacterCodingException {
    int skip = charset.equals(StandardCharsets.UTF_8) && content.length >= 3
        && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB && (content[2] & 0xff) == 0xBF ? 3 : 0;
    return StrictText.decode(content, skip, charset);
  }

  /** The header and the line, as CSV: what a replay needs. */
  private static Rejected.Payload payload(List<String> header, CSVRecord line) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
      printer.printRecord(header);
      printer.printRecord(line.values());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rejected.Payload("text/csv", out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void writeReportFile(Path path, FileReport report, List<LineRejection> deadLetters) throws IOException {
    Files.createDirectories(path.getParent());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", report.fileName());
    json.put("status", report.status());
    json.put("records", report.records());
    json.put("written", report.written());
    json.put("deadLetters", report.deadLetters());
    if (report.message() != null) {
      json.put("message", report.message());
    }
    json.put("rejected", deadLetters);
    JSON.writeValue(path.toFile(), json);
  }
}
