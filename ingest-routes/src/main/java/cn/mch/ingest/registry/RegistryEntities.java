package cn.mch.ingest.registry;

import cn.mch.ingest.PolledEntity;
import cn.mch.ingest.SourceConnection;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.registry.BirthCertificateRow;
import cn.mch.mappings.registry.BirthRegistryMapping;
import cn.mch.mappings.registry.CheckupRow;
import cn.mch.mappings.registry.ChildHealthMapping;
import cn.mch.mappings.registry.ChildRow;
import cn.mch.mappings.registry.MarriageRegistrationRow;
import cn.mch.mappings.registry.MarriageRegistryMapping;
import cn.mch.mappings.registry.NewbornScreeningRow;
import cn.mch.mappings.registry.PremaritalExamRow;
import cn.mch.mappings.registry.RegistrySource;
import java.util.List;

/**
 * What is polled from the public-health registries, by the kind of registry the source's code
 * names: the community child-health system (children, newborn screening, check-ups), the marriage
 * registry (registrations, premarital exams) and the birth registry (birth certificates).
 */
public final class RegistryEntities {

  private RegistryEntities() {}

  public static List<PolledEntity<?>> of(SourceConnection connection, ResourceIds ids) {
    RegistrySource r = connection.registry();
    return switch (r.code()) {
      case RegistrySource.CHILD_HEALTH -> {
        ChildHealthMapping m = new ChildHealthMapping(r, ids);
        yield List.of(
            PolledEntity.of(connection, "children", ChildRow.class, (row, k) -> r.key(ChildHealthMapping.CHILD, k),
                ChildRow::childId, ChildRow::updatedAt, m::mapChild),
            PolledEntity.of(connection, "newborn-screenings", NewbornScreeningRow.class, (row, k) -> r.key(ChildHealthMapping.SCREENING, k),
                NewbornScreeningRow::screeningId, NewbornScreeningRow::updatedAt, m::mapScreening),
            PolledEntity.of(connection, "checkups", CheckupRow.class, (row, k) -> r.key(ChildHealthMapping.CHECKUP, k),
                CheckupRow::checkupId, CheckupRow::updatedAt, m::mapCheckup));
      }
      case RegistrySource.MARRIAGE_REGISTRY -> {
        MarriageRegistryMapping m = new MarriageRegistryMapping(r, ids);
        yield List.of(
            PolledEntity.of(connection, "registrations", MarriageRegistrationRow.class,
                (row, k) -> r.key(MarriageRegistryMapping.entityOf(row), k),
                MarriageRegistrationRow::regNo, MarriageRegistrationRow::updatedAt, m::mapRegistration),
            PolledEntity.of(connection, "premarital-exams", PremaritalExamRow.class, (row, k) -> r.key(MarriageRegistryMapping.PREMARITAL_EXAM, k),
                PremaritalExamRow::examNo, PremaritalExamRow::updatedAt, m::mapExam));
      }
      case RegistrySource.BIRTH_REGISTRY -> List.of(
          PolledEntity.of(connection, "birth-certificates", BirthCertificateRow.class, (row, k) -> r.key(BirthRegistryMapping.BIRTH_CERTIFICATE, k),
              BirthCertificateRow::certNo, BirthCertificateRow::updatedAt, new BirthRegistryMapping(r, ids)::map));
      default -> throw new IllegalArgumentException(
          "Unknown registry " + r.code() + "; known: child-health, marriage-registry, birth-registry");
    };
  }
}
