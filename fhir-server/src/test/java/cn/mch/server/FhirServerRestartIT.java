package cn.mch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The FHIR server on its zero-setup default: embedded PostgreSQL with a persistent data folder. */
class FhirServerRestartIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @TempDir Path dataDirectory;

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(FhirServerApplication.class)
        .run("--server.port=0", "--mch.embedded-postgres.data-directory=" + dataDirectory.resolve("postgres"));
  }

  private static IGenericClient client(ConfigurableApplicationContext server) {
    int port = ((WebServerApplicationContext) server).getWebServer().getPort();
    return FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
  }

  @Test
  void keepsResourcesAcrossARestart() {
    Patient patient = new Patient();
    patient.setId("restart-test-patient");
    patient.addName().setText("测试");
    patient.setGender(AdministrativeGender.FEMALE);

    try (ConfigurableApplicationContext server = start()) {
      IGenericClient client = client(server);
      // GET /fhir/metadata answers with a CapabilityStatement.
      CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
      assertNotNull(capabilities.getRestFirstRep().getResource());
      client.update().resource(patient).execute();
    }

    try (ConfigurableApplicationContext server = start()) {
      Patient read = client(server).read().resource(Patient.class).withId("restart-test-patient").execute();
      assertEquals("测试", read.getNameFirstRep().getText());
      assertEquals("1", read.getIdElement().getVersionIdPart(), "read back, not written again");
    }
  }

  @Test
  void keepsTheSourceAClientGivesButNoRequestId() {
    Patient pushed = new Patient();
    pushed.setId("source-test-pushed");
    pushed.getMeta().setSource("http://hospital-b.example/his");
    pushed.setGender(AdministrativeGender.FEMALE);
    Patient plain = new Patient();
    plain.setId("source-test-plain");
    plain.setGender(AdministrativeGender.FEMALE);

    try (ConfigurableApplicationContext server = start()) {
      IGenericClient client = client(server);
      client.update().resource(pushed).execute();
      client.update().resource(plain).execute();
      assertEquals("http://hospital-b.example/his",
          client.read().resource(Patient.class).withId("source-test-pushed").execute().getMeta().getSource());
      // HAPI's default would store and show "#<request id>" here, at one more UPDATE per write.
      assertNull(client.read().resource(Patient.class).withId("source-test-plain").execute().getMeta().getSource());
    }
  }
}
