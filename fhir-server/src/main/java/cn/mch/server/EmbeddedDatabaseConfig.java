package cn.mch.server;

import cn.mch.localpg.LocalPostgres;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Zero-setup default: with no {@code spring.datasource.url}, start a real PostgreSQL whose data
 * directory persists, and use it as the FHIR store. With a URL, Spring Boot's own DataSource
 * configuration takes over and this class does nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfig {

  @Bean(destroyMethod = "close")
  LocalPostgres localPostgres(EmbeddedDatabaseProperties properties) {
    LocalPostgres postgres = LocalPostgres.start(properties.dataDirectory(), properties.port());
    postgres.createDatabaseIfMissing(properties.database());
    return postgres;
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(LocalPostgres postgres, EmbeddedDatabaseProperties properties) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName("fhir-store");
    dataSource.setJdbcUrl(postgres.jdbcUrl(properties.database()));
    dataSource.setUsername(postgres.username());
    dataSource.setMaximumPoolSize(20);
    return dataSource;
  }
}
