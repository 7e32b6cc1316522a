package cn.mch.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration;

/**
 * The FHIR server on its own: HAPI FHIR JPA R4 on PostgreSQL at {@code http://localhost:8080/fhir}.
 * With no {@code spring.datasource.url} it starts an embedded PostgreSQL (see {@link
 * EmbeddedDatabaseConfig}).
 */
// Flyway, Liquibase and an Elasticsearch client arrive through HAPI; HAPI manages its own schema
// and we do not use Elasticsearch.
@SpringBootApplication(
    exclude = {
      FlywayAutoConfiguration.class,
      LiquibaseAutoConfiguration.class,
      ElasticsearchRestClientAutoConfiguration.class
    })
public class FhirServerApplication {

  public static void main(String[] args) {
    SpringApplication.run(FhirServerApplication.class, args);
  }
}
