package cn.mch.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import cn.mch.server.person.ChineseNameSearch;
import cn.mch.server.person.LifelongRecord;
import cn.mch.server.person.PersonLinkage;
import cn.mch.server.person.PersonOperations;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR JPA R4 wiring: HAPI's own configuration classes plus the few beans they expect the
 * application to provide (storage settings, entity manager on our DataSource, the REST servlet).
 */
@Configuration
@Import({
  JpaR4Config.class,
  HapiJpaConfig.class,
  ThreadPoolFactoryConfig.class,
  SubscriptionChannelConfig.class, // the in-memory message broker that batch2 jobs use
  JpaBatch2Config.class,
  Batch2JobsConfig.class
})
@EnableConfigurationProperties(FhirServerProperties.class)
public class FhirServerConfig {

  @Bean
  public JpaStorageSettings storageSettings(FhirServerProperties properties) {
    JpaStorageSettings settings = new JpaStorageSettings();
    settings.setAutoCreatePlaceholderReferenceTargets(properties.placeholderReferenceTargets());
    // Placeholders get the identifier of the reference, so the real resource can replace them.
    settings.setPopulateIdentifierInAutoCreatedPlaceholderReferenceTargets(true);
    settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
    // No cap on the results of a search (HAPI's default): a cap here is a cap on every search,
    // paged or not, and the results past it are silently left out. Pages are capped by the paging
    // provider instead (maxPageSize).
    // Codes are searched by system|code, never by their display text (:text): no string index row
    // per coding. Unused built-in parameters are retired in the conformance files instead.
    settings.setSuppressStringIndexingInTokens(true);
    // Off by default: in this mode HAPI leaves the tags and security labels of a resource that
    // already has some as they are when it is updated. For a first backfill into an empty store.
    settings.setMassIngestionMode(properties.massIngestion());
    // meta.source is kept when a client sends one (a hospital's push), but HAPI's request id is
    // not stored with every version: storing it costs an UPDATE of each new history row right
    // after its INSERT (514,776 of the 1.25 million statements of an M ingest). Which source a
    // record came from is in its Provenance.
    settings.setStoreMetaSourceInformation(JpaStorageSettings.StoreMetaSourceInformationEnum.SOURCE_URI);
    // HAPI pre-expands stored ValueSets into its terminology tables through its full-text index,
    // which this server does not run (no Hibernate Search): the scheduled task could only fail,
    // logging an error with a stack trace for each ValueSet. Our ValueSets are small and are
    // expanded in memory when validating or on $expand.
    settings.setPreExpandValueSets(false);
    settings.setEnableTaskPreExpandValueSets(false);
    return settings;
  }

  @Bean
  public PartitionSettings partitionSettings() {
    return new PartitionSettings();
  }

  @Bean
  public SubscriptionSettings subscriptionSettings() {
    return new SubscriptionSettings();
  }

  @Primary
  @Bean
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource,
      ConfigurableListableBeanFactory beanFactory,
      FhirContext fhirContext,
      JpaStorageSettings storageSettings) {
    LocalContainerEntityManagerFactoryBean factory =
        HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
    factory.setPersistenceUnitName("HAPI_PU");
    factory.setDataSource(dataSource);
    factory.setJpaProperties(hibernateProperties());
    return factory;
  }

  private static Properties hibernateProperties() {
    Properties properties = new Properties();
    properties.put("hibernate.dialect", HapiFhirPostgresDialect.class.getName());
    // HAPI creates and updates its own schema on start, as the JPA starter does.
    properties.put("hibernate.hbm2ddl.auto", "update");
    properties.put("hibernate.format_sql", "false");
    properties.put("hibernate.show_sql", "false");
    properties.put("hibernate.jdbc.batch_size", "50");
    properties.put("hibernate.order_inserts", "true");
    properties.put("hibernate.order_updates", "true");
    properties.put("hibernate.search.enabled", "false");
    return properties;
  }

  /** See {@link StringPrefixIndex}; after the entity manager factory, which creates HAPI's tables. */
  @Bean
  StringPrefixIndex stringPrefixIndex(DataSource dataSource, EntityManagerFactory entityManagerFactory) {
    return StringPrefixIndex.ensure(dataSource);
  }

  @Primary
  @Bean
  public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
    return new JpaTransactionManager(entityManagerFactory);
  }

  /** See {@link OnePageSearches} ({@code mch.fhir.one-page-searches}, on unless set to false). */
  @Bean
  @ConditionalOnProperty(name = "mch.fhir.one-page-searches", havingValue = "true", matchIfMissing = true)
  static BeanPostProcessor onePageSearches(
      ObjectProvider<JpaStorageSettings> storageSettings, ObjectProvider<IInterceptorService> interceptors) {
    return OnePageSearches.wrapping(storageSettings, interceptors);
  }

  @Lazy
  @Bean
  public IBinaryStorageSvc binaryStorageSvc() {
    return new DatabaseBinaryContentStorageSvcImpl();
  }

  /**
   * Person linkage and name search hook into storage, so they register with the JPA interceptor
   * service.
   */
  @Bean(destroyMethod = "shutdown")
  public PersonLinkage personLinkage(
      DaoRegistry daos, IInterceptorService interceptors, FhirServerProperties properties) {
    PersonLinkage linkage = new PersonLinkage(daos, properties.linkageWorkers());
    interceptors.registerInterceptor(linkage);
    interceptors.registerInterceptor(new ChineseNameSearch());
    return linkage;
  }

  /** Validation of writes ({@code mch.fhir.validation}, on unless set to false). */
  @Bean
  @ConditionalOnProperty(name = "mch.fhir.validation", havingValue = "true", matchIfMissing = true)
  WriteValidation writeValidation(IValidationSupport validationSupport, FhirServerProperties properties) {
    return WriteValidation.interceptor(validationSupport, properties.validationMemory(), properties.ingestKey());
  }

  @Bean
  public RestfulServer restfulServer(
      IFhirSystemDao<?, ?> systemDao,
      ResourceProviderFactory resourceProviders,
      JpaSystemProvider<?, ?> systemProvider,
      DatabaseBackedPagingProvider pagingProvider,
      JpaStorageSettings storageSettings,
      ISearchParamRegistry searchParamRegistry,
      IValidationSupport validationSupport,
      PersonLinkage personLinkage,
      DaoRegistry daos,
      FhirServerProperties properties,
      ObjectProvider<WriteValidation> writeValidation) {
    FhirContext fhirContext = systemDao.getContext();
    fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());
    RestfulServer server = new RestfulServer(fhirContext);
    server.registerProviders(resourceProviders.createProviders());
    server.registerProvider(systemProvider);
    server.registerProvider(new PersonOperations(personLinkage));
    server.registerProvider(new LifelongRecord(daos));
    pagingProvider.setDefaultPageSize(properties.defaultPageSize());
    pagingProvider.setMaximumPageSize(properties.maxPageSize());
    server.setPagingProvider(pagingProvider);
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    JpaCapabilityStatementProvider capabilities =
        new JpaCapabilityStatementProvider(
            server, systemDao, storageSettings, searchParamRegistry, validationSupport);
    capabilities.setImplementationDescription("MCH record platform FHIR server");
    server.setServerConformanceProvider(capabilities);
    writeValidation.ifAvailable(server::registerInterceptor);
    return server;
  }

  @Bean
  public ServletRegistrationBean<RestfulServer> fhirServlet(
      RestfulServer server, FhirServerProperties properties) {
    ServletRegistrationBean<RestfulServer> registration =
        new ServletRegistrationBean<>(server, properties.servletMapping());
    registration.setName("fhir");
    registration.setLoadOnStartup(1);
    return registration;
  }
}
