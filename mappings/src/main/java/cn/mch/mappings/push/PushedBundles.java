package cn.mch.mappings.push;

import ca.uhn.fhir.context.FhirContext;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.identity.ChineseNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR transaction or batch Bundle a hospital pushes (what its own EMR exports), made into the
 * platform's records. Pure: the same Bundle from the same sender always gives the same resources.
 *
 * <ul>
 *   <li>Each entry's resource must carry the id it has in the sender's system (its {@code id} or a
 *       {@code fullUrl} ending in {@code Type/id}); the platform's id is a keyed token of sender,
 *       type and that id, so a resource pushed again, in any Bundle, is the same resource, and
 *       references between pushed resources ({@code Type/id} or an entry's {@code urn:uuid:}) are
 *       rewritten to the platform's ids. Only the clinical types the platform keeps are taken.
 *   <li>A Han name given only as text is split and stored in its searchable forms, like a polled
 *       record's.
 *   <li>A transaction is one record, all or nothing, with one Provenance naming the sender, keyed by
 *       the Bundle's identifier (or, lacking one, its content); a batch is one record per entry.
 *       {@code Bundle.timestamp} is required: it is when the sender produced the data and becomes
 *       the Provenance's {@code recorded}, so a redelivery changes nothing.
 * </ul>
 */
public final class PushedBundles {

  /** Resource types a hospital may push. */
  public static final Set<String> ACCEPTED = Set.of(
      "Patient", "RelatedPerson", "Encounter", "EpisodeOfCare", "Observation", "Condition", "Procedure",
      "DiagnosticReport", "Immunization", "MedicationStatement", "AllergyIntolerance");

  /** Longer text values are refused: no element the platform keeps is near this long (attachments aside). */
  public static final int MAX_TEXT = 4096;

  /** The source-key entity of a pushed transaction Bundle. */
  public static final String BUNDLE_ENTITY = "fhir-bundle";

  private final FhirContext fhir;
  private final ResourceIds ids;
  private final SourceProvenance provenance;

  public PushedBundles(FhirContext fhir, ResourceIds ids) {
    this.fhir = fhir;
    this.ids = ids;
    this.provenance = new SourceProvenance(ids);
  }

  /**
   * What became of one entry: the platform's reference to it, or why it was refused.
   *
   * @param key the entry's source key ({@code fhir-<type>}, the sender's id); null when it has none
   */
  public record EntryOutcome(SourceKey key, String reference, RejectReason reason, String message) {
    public boolean accepted() {
      return reason == null;
    }
  }

  /**
   * @param records what to write: one record for a transaction, one per accepted entry of a batch;
   *     none when a transaction is refused
   * @param entries one outcome per entry, in the Bundle's order
   * @param bundleKey the Bundle's own source key
   */
  public record Result(List<MappedRecord> records, List<EntryOutcome> entries, SourceKey bundleKey) {}

  /** Why a Bundle as a whole is refused. */
  public static final class BundleRefused extends RuntimeException {
    private final RejectReason reason;

    public BundleRefused(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public RejectReason reason() {
      return reason;
    }
  }

  /**
   * @param contentKey identifies the Bundle when it has no identifier (a hash of what was received)
   * @throws BundleRefused if the Bundle is no transaction or batch, or has no timestamp
   */
  public Result map(String sender, String senderName, Bundle bundle, String contentKey) {
    SourceKey bundleKey = new SourceKey(sender, BUNDLE_ENTITY,
        bundle.getIdentifier().hasValue() ? bundle.getIdentifier().getValue() : contentKey);
    if (bundle.getType() != BundleType.TRANSACTION && bundle.getType() != BundleType.BATCH) {
      throw new BundleRefused(RejectReason.UNSUPPORTED_CONTENT,
          "Bundle.type is " + (bundle.hasType() ? bundle.getType().toCode() : "missing") + "; push a transaction or a batch");
    }
    if (!bundle.hasTimestamp()) {
      throw new BundleRefused(RejectReason.MISSING_MANDATORY_FIELD,
          "Bundle.timestamp is required: when the sender produced the data");
    }
    if (bundle.getEntry().isEmpty()) {
      throw new BundleRefused(RejectReason.MISSING_MANDATORY_FIELD, "The Bundle has no entries");
    }
    Map<String, String> references = new HashMap<>();
    List<EntryOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      EntryOutcome outcome = identify(sender, bundle.getEntry().get(i), i);
      outcomes.add(outcome);
      if (outcome.accepted()) {
        BundleEntryComponent entry = bundle.getEntry().get(i);
        Resource resource = entry.getResource();
        references.put(resource.fhirType() + "/" + outcome.key().localId(), outcome.reference());
        if (entry.hasFullUrl()) {
          references.put(entry.getFullUrl(), outcome.reference());
        }
      }
    }
    Organization organization = provenance.organization(sender, senderName);
    List<Resource> accepted = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).accepted()) {
        accepted.add(translate(bundle.getEntry().get(i).getResource(), outcomes.get(i), references));
      }
    }
    List<MappedRecord> records = new ArrayList<>();
    if (bundle.getType() == BundleType.TRANSACTION) {
      if (accepted.size() == outcomes.size()) {
        records.add(provenance.attach(new MappedRecord(bundleKey, accepted), organization, bundle.getTimestamp().toInstant()));
      }
    } else {
      int next = 0;
      for (EntryOutcome outcome : outcomes) {
        if (outcome.accepted()) {
          records.add(provenance.attach(
              new MappedRecord(outcome.key(), List.of(accepted.get(next++))), organization, bundle.getTimestamp().toInstant()));
        }
      }
    }
    return new Result(records, outcomes, bundleKey);
  }

  private EntryOutcome identify(String sender, BundleEntryComponent entry, int index) {
    Resource resource = entry.getResource();
    if (resource == null) {
      return new EntryOutcome(null, null, RejectReason.MISSING_MANDATORY_FIELD, "Entry " + index + " has no resource");
    }
    String type = resource.fhirType();
    if (!ACCEPTED.contains(type)) {
      return new EntryOutcome(null, null, RejectReason.UNSUPPORTED_CONTENT,
          "Entry " + index + " is a " + type + "; accepted: " + String.join(", ", ACCEPTED.stream().sorted().toList()));
    }
    String theirId = resource.getIdElement().getIdPart();
    if (theirId == null && entry.hasFullUrl() && entry.getFullUrl().contains(type + "/")) {
      String url = entry.getFullUrl();
      theirId = url.substring(url.lastIndexOf(type + "/") + type.length() + 1).split("/")[0];
    }
    if (theirId == null || theirId.isBlank()) {
      return new EntryOutcome(null, null, RejectReason.MISSING_MANDATORY_FIELD,
          "Entry " + index + " (" + type + ") carries no id of the sender's: give Resource.id or a fullUrl ending in "
              + type + "/<id>, so that pushing it again updates it");
    }
    SourceKey key = new SourceKey(sender, "fhir-" + type, theirId.length() > 64 ? "sha256-" + ResourceIds.hashed(theirId) : theirId);
    if (theirId.length() > 64) {
      return new EntryOutcome(key, null, RejectReason.INVALID_FORMAT, "Entry " + index + " has an id longer than 64 characters");
    }
    for (PrimitiveType<?> value : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, PrimitiveType.class)) {
      if (!(value instanceof Base64BinaryType) && value.getValueAsString() != null && value.getValueAsString().length() > MAX_TEXT) {
        return new EntryOutcome(key, null, RejectReason.INVALID_FORMAT,
            "Entry " + index + " (" + type + ") has a value longer than " + MAX_TEXT + " characters");
      }
    }
    return new EntryOutcome(key, type + "/" + ids.id(key, type), null, null);
  }

  private Resource translate(Resource original, EntryOutcome outcome, Map<String, String> references) {
    Resource resource = original.copy();
    resource.setId(outcome.reference());
    resource.getMeta().setVersionId(null).setLastUpdatedElement(null);
    for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
      String target = reference.getReference();
      if (target == null || target.startsWith("#")) {
        continue;
      }
      String mapped = references.get(target);
      if (mapped == null && target.matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
        // A resource the sender pushed before: the same key gives the same id.
        String type = target.substring(0, target.indexOf('/'));
        String id = target.substring(target.indexOf('/') + 1);
        mapped = type + "/" + ids.id(new SourceKey(outcome.key().source(), "fhir-" + type, id), type);
      }
      if (mapped != null) {
        reference.setReference(mapped);
      }
    }
    if (resource instanceof Patient patient) {
      List<HumanName> names = new ArrayList<>();
      for (HumanName name : patient.getName()) {
        if (name.hasText() && !name.hasFamily() && !name.hasGiven()) {
          names.addAll(ChineseNames.all(name.getText()));
        } else {
          names.add(name);
        }
      }
      patient.setName(names);
    }
    return resource;
  }
}
