package cn.mch.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.demo.population.Population;
import cn.mch.demo.population.PopulationGenerator;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.ingest.PolledEntity;
import cn.mch.ingest.SourceConnection;
import cn.mch.ingest.hospital.HospitalEntities;
import cn.mch.ingest.registry.RegistryEntities;
import cn.mch.ingest.rows.RowBinder;
import cn.mch.localpg.LocalPostgres;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.identity.Linkage;
import cn.mch.mappings.identity.Persons;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Person linkage on the M population (3,000 mothers, the default 3% dirty data), without a FHIR
 * server: each source's person records are read by its own SQL adapter, bound and mapped as the
 * ingest routes do, and clustered by the same {@link Linkage} the server runs, over an index in
 * memory. Pairwise precision and recall against the generator's truth are printed and asserted.
 * (SourcesAgainstTruthIT measures the server itself at S size.)
 */
class LinkageAtScaleIT {

  private static final String SECRET = "linkage-at-scale-secret";
  private static final List<String> PERSON_ADAPTERS =
      List.of("patients", "newborns", "children", "birth-certificates", "registrations", "premarital-exams");

  @TempDir static Path dataDirectory;

  @Test
  void mPopulationIsLinkedWithPrecisionAndRecallAgainstTheTruth() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dataDirectory, 0)) {
      Population population = new PopulationGenerator(20240630, Population.Size.M.women, LocalDate.of(2024, 6, 30)).generate();
      List<Connection> connections = new ArrayList<>();
      for (String database : SyntheticSources.DATABASE_NAMES) {
        postgres.createDatabaseIfMissing(database);
        connections.add(postgres.dataSource(database).getConnection());
      }
      var db = SyntheticSources.databases(connections);
      SyntheticSources.createSchemas(db);
      SyntheticSources.write(population, db, 0.03);
      SyntheticSources.writeLateArrivals(population, db, 0.03);

      long started = System.nanoTime();
      ResourceIds ids = new ResourceIds(SECRET.getBytes(StandardCharsets.UTF_8));
      Map<String, Patient> patients = new TreeMap<>();
      List<RelatedPerson> mothers = new ArrayList<>();
      int rejected = 0;
      for (String code : List.of("hospital-a", "hospital-b", "child-health", "marriage-registry", "birth-registry")) {
        SourceConnection source = new SourceConnection(code, code, postgres.jdbcUrl(SyntheticSources.databaseOf(code)), postgres.username(), "");
        List<PolledEntity<?>> entities = code.startsWith("hospital-") ? HospitalEntities.of(source, ids) : RegistryEntities.of(source, ids);
        for (PolledEntity<?> entity : entities) {
          String adapter = entity.routeId().substring(code.length() + 1);
          if (PERSON_ADAPTERS.contains(adapter)) {
            rejected += read(postgres, code, adapter, entity, patients, mothers);
          }
        }
      }

      Map<Linkage.Block, List<Patient>> index = new HashMap<>();
      patients.values().forEach(p -> Linkage.blocks(p).forEach(b -> index.computeIfAbsent(b, k -> new ArrayList<>()).add(p)));
      Map<String, String> personOf = new HashMap<>();
      Map<String, Set<String>> membersOf = new LinkedHashMap<>();
      int possibleMatches = 0;
      for (Patient patient : patients.values()) {
        if (personOf.containsKey(patient.getIdPart())) {
          continue;
        }
        Linkage.Cluster cluster = grow(patient, index, patients);
        String person = Persons.personId(cluster.members().values());
        cluster.members().keySet().forEach(member -> personOf.put(member, person));
        membersOf.put(person, cluster.members().keySet());
        possibleMatches += cluster.possibleMatches().size();
      }
      long linkedMs = (System.nanoTime() - started) / 1_000_000;
      // The same cluster from whichever of its records linkage starts: order does not matter.
      int differing = 0;
      for (Patient patient : patients.values()) {
        if (!grow(patient, index, patients).members().keySet().equals(membersOf.get(personOf.get(patient.getIdPart())))) {
          differing++;
        }
      }

      LinkageScore score = new LinkageScore();
      Map<String, String> trueRecords = new HashMap<>();
      try (Statement s = connections.get(5).createStatement();
          ResultSet rs = s.executeQuery("select r.source, r.entity, r.source_key, r.person_id from source_record r"
              + " where r.entity in ('patient', 'newborn', 'child', 'birth-certificate', 'marriage', 'divorce', 'premarital-exam')"
              + " and not exists (select 1 from rejection j where j.source = r.source and j.entity = r.entity"
              + " and j.source_key = r.source_key)")) {
        while (rs.next()) {
          String entity = rs.getString(2);
          String part = entity.equals("marriage") || entity.equals("divorce") ? "wife" : "";
          String patient = ids.id(new SourceKey(rs.getString(1), entity, rs.getString(3)), "Patient", part);
          assertTrue(personOf.containsKey(patient), "every accepted record is linked: " + rs.getString(1) + "/" + entity);
          score.add(personOf.get(patient), rs.getString(4));
          trueRecords.put(patient, rs.getString(4));
        }
      }
      System.out.println(score.describe("M") + "; source Patients=" + patients.size() + " rejected records=" + rejected
          + " possible matches=" + possibleMatches + "; read, mapped and linked in " + linkedMs + " ms");
      assertEquals(0, differing, "clusters that depend on where linkage starts");

      // Mother and child: the child's records name the mother by her resident ID (certificate, child
      // health) or by her hospital record (newborn); both lead to her person.
      Map<String, String> personByResidentId = new HashMap<>();
      patients.values().forEach(p -> p.getIdentifier().stream()
          .filter(i -> FhirSystems.RESIDENT_ID.equals(i.getSystem()))
          .forEach(i -> personByResidentId.put(i.getValue(), personOf.get(p.getIdPart()))));
      Set<String> linkedPairs = new HashSet<>();
      for (RelatedPerson mother : mothers) {
        String child = personOf.get(mother.getPatient().getReferenceElement().getIdPart());
        Extension own = mother.getExtensionByUrl(FhirSystems.MCH_RELATED_PATIENT);
        String motherPerson = own != null
            ? personOf.get(((Reference) own.getValue()).getReferenceElement().getIdPart())
            : mother.getIdentifier().stream().filter(i -> FhirSystems.RESIDENT_ID.equals(i.getSystem()))
                .map(i -> personByResidentId.get(i.getValue())).filter(Objects::nonNull).findFirst().orElse(null);
        if (child != null && motherPerson != null) {
          linkedPairs.add(motherPerson + ">" + child);
        }
      }
      Map<String, String> personOfTruePerson = new HashMap<>();
      trueRecords.forEach((patient, truePerson) -> personOfTruePerson.put(truePerson, personOf.get(patient)));
      int truePairs = 0;
      int missing = 0;
      int withoutRecord = 0;
      try (Statement s = connections.get(5).createStatement();
          ResultSet rs = s.executeQuery("select from_person, to_person from link where kind = 'mother-child'")) {
        while (rs.next()) {
          String mother = personOfTruePerson.get(rs.getString(1));
          String child = personOfTruePerson.get(rs.getString(2));
          if (mother == null || child == null) {
            withoutRecord++;
            continue;
          }
          truePairs++;
          if (!linkedPairs.contains(mother + ">" + child)) {
            missing++;
          }
        }
      }
      System.out.printf("Mother-child pairs, M: %d in the truth with records of both, %d linked, %d missing;"
          + " %d without an accepted record of mother or child%n", truePairs, truePairs - missing, missing, withoutRecord);
      assertEquals(0, missing, "every mother-child pair of the truth is linked");
      assertTrue(score.precision() >= 0.999, "precision " + score.precision());
      assertTrue(score.recall() >= 0.99, "recall " + score.recall());
      assertEquals(0, score.mixedPersons(), "no person holds two true persons (twins included)");
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static Linkage.Cluster grow(Patient start, Map<Linkage.Block, List<Patient>> index, Map<String, Patient> patients) {
    return Linkage.grow(start, block -> index.getOrDefault(block, List.of()), id -> Set.of(), patients::get);
  }

  /** Reads one entity with its SQL adapter from the start, maps it, keeps its Patients; the rejected count. */
  private static <R extends Record> int read(LocalPostgres postgres, String code, String adapter, PolledEntity<R> entity,
      Map<String, Patient> patients, List<RelatedPerson> mothers) throws SQLException, IOException {
    String sql;
    try (InputStream in = LinkageAtScaleIT.class.getResourceAsStream("/sql/" + code + "/" + adapter + ".sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace(":#since_ts", "'-infinity'::timestamptz")
          .replace(":#since_key", "''")
          .replace(":#batch_size", "100000000");
    }
    RowBinder<R> binder = new RowBinder<>(entity.rowType(), ZoneId.of("Asia/Shanghai"));
    int rejected = 0;
    try (Connection c = postgres.dataSource(SyntheticSources.databaseOf(code)).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getObject(i));
        }
        try {
          MappedRecord record = entity.mapping().apply(binder.bind(row));
          record.resources().stream().filter(Patient.class::isInstance).map(Patient.class::cast)
              .forEach(p -> patients.put(p.getIdPart(), p));
          record.resources().stream().filter(RelatedPerson.class::isInstance).map(RelatedPerson.class::cast)
              .filter(r -> r.getRelationship().stream().anyMatch(role -> role.hasCoding(FhirSystems.V3_ROLE_CODE, "MTH")))
              .forEach(mothers::add);
        } catch (MappingException e) {
          rejected++;
        }
      }
    }
    return rejected;
  }
}
