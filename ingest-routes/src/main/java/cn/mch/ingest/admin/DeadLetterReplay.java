package cn.mch.ingest.admin;

import cn.mch.ingest.store.DeadLetters;
import cn.mch.ingest.store.DeadLetters.Entry;
import cn.mch.ingest.store.DeadLetters.Stored;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays dead letters after a fix (a code map completed, a profile relaxed, a sender's bug
 * fixed): the input kept with the dead letter goes again through the channel it came from — the
 * polling route's mapping for a polled row, the drop folder for a CSV line, the push endpoint for a
 * FHIR Bundle, the MLLP route for an HL7 message. Writes are idempotent upserts, so a replay never
 * duplicates anything: what is now written resolves its dead letter; what still fails stays one
 * dead letter, counted again.
 */
public final class DeadLetterReplay {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

  /** Sends a dead letter's input through its channel again; true when all of it is now written. */
  @FunctionalInterface
  public interface Channel {
    boolean replay(Stored deadLetter);
  }

  /**
   * @param status {@code resolved}, {@code still-failing}, {@code already-resolved}, {@code
   *     no-payload} (a row from before payloads were kept: the source's next change brings it
   *     back), {@code no-channel} (its route is not on this node), {@code not-found}
   */
  public record Outcome(long id, String status, String reason) {}

  private final DeadLetters deadLetters;
  private final Map<String, Channel> channels;

  /** @param channels by route id */
  public DeadLetterReplay(DeadLetters deadLetters, Map<String, Channel> channels) {
    this.deadLetters = deadLetters;
    this.channels = Map.copyOf(channels);
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  public Outcome replay(long id) {
    Stored stored = deadLetters.load(id);
    if (stored == null) {
      return new Outcome(id, "not-found", null);
    }
    Entry entry = stored.entry();
    if (entry.resolvedAt() != null) {
      return new Outcome(id, "already-resolved", entry.reason());
    }
    if (stored.payload() == null) {
      return new Outcome(id, "no-payload", entry.reason());
    }
    Channel channel = channels.get(entry.routeId());
    if (channel == null) {
      return new Outcome(id, "no-channel", entry.reason());
    }
    boolean written = channel.replay(stored);
    if (written) {
      deadLetters.markResolved(id);
    }
    log.info("Dead letter {} of {} replayed: {}", id, entry.routeId(), written ? "resolved" : "still failing");
    return new Outcome(id, written ? "resolved" : "still-failing", entry.reason());
  }

  /** Replays every open dead letter of {@code source} and {@code reason} (null: any). */
  public List<Outcome> replayAll(String source, String reason) {
    return deadLetters.list(true, source, reason, 100_000).stream().map(e -> replay(e.id())).toList();
  }
}
