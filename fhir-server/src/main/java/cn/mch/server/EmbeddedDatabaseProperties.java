package cn.mch.server;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL used when no {@code spring.datasource.url} is configured ({@code
 * mch.embedded-postgres.*}).
 *
 * @param dataDirectory where PostgreSQL keeps its files; kept across restarts
 * @param port TCP port on localhost, 0 for any free port
 * @param database name of the FHIR store's database
 */
@ConfigurationProperties("mch.embedded-postgres")
public record EmbeddedDatabaseProperties(
    @DefaultValue("data/postgres") Path dataDirectory,
    @DefaultValue("0") int port,
    @DefaultValue("fhir") String database) {}
