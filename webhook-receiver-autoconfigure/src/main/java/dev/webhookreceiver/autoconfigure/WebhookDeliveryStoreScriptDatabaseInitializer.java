package dev.webhookreceiver.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Creates the {@code webhook_delivery} table with the schema script of the database's
 * platform, as {@code webhook.receiver.store.initialize-schema} says. MariaDB uses the MySQL
 * script.
 * <p>
 * Scripts are shipped for H2, PostgreSQL and MySQL/MariaDB. With the default schema location
 * and the default mode ({@code embedded}), a platform without a script is skipped rather than
 * failing startup: a production database of another platform is not initialized in that mode
 * anyway, and Hibernate creates the table of another embedded database. With
 * {@code initialize-schema=always}, a missing script fails startup.
 */
public class WebhookDeliveryStoreScriptDatabaseInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<WebhookReceiverProperties.Store> {

	private static final String OPTIONAL_PREFIX = "optional:";

	/**
	 * Create a new initializer.
	 * @param dataSource the data source of the delivery store
	 * @param properties the delivery store properties
	 */
	public WebhookDeliveryStoreScriptDatabaseInitializer(DataSource dataSource,
			WebhookReceiverProperties.Store properties) {
		super(dataSource, withOptionalDefaultSchema(properties), Map.of(DatabaseDriver.MARIADB, "mysql"));
	}

	private static WebhookReceiverProperties.Store withOptionalDefaultSchema(
			WebhookReceiverProperties.Store properties) {
		if (properties.getInitializeSchema() != DatabaseInitializationMode.EMBEDDED
				|| !properties.getSchema().equals(properties.getDefaultSchemaLocation())) {
			return properties;
		}
		WebhookReceiverProperties.Store optional = new WebhookReceiverProperties.Store();
		optional.setSchema(OPTIONAL_PREFIX + properties.getSchema());
		optional.setInitializeSchema(properties.getInitializeSchema());
		optional.setContinueOnError(properties.isContinueOnError());
		String platform = properties.getPlatform();
		if (platform != null) {
			optional.setPlatform(platform);
		}
		return optional;
	}

}
