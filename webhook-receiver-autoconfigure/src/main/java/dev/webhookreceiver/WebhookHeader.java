package dev.webhookreceiver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link WebhookHandler} method parameter of type {@code String} to a request header of
 * the delivery. Header names are case-insensitive.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookHeader {

	/**
	 * The name of the header.
	 * @return the header name
	 */
	String value();

	/**
	 * Whether the header must be present. A missing required header is a failure of the
	 * handler; a missing optional header binds {@code null}.
	 * @return whether the header is required
	 */
	boolean required() default true;

}
