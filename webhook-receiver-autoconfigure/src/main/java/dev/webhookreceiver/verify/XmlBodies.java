package dev.webhookreceiver.verify;

import java.io.ByteArrayInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Reads verified XML bodies ({@code application/xml}, {@code text/xml}, {@code *+xml}) where
 * Jackson's XML module is present. Never resolves an entity: a body with a document type
 * declaration ({@code <!DOCTYPE ...>}), which is where entities, external ones included, are
 * declared, is refused as {@link Reason#MALFORMED}, as is a body that is not well-formed, before
 * anything is recorded or dispatched.
 */
public final class XmlBodies {

	/** The class whose presence enables XML bodies. */
	public static final String XML_MAPPER_CLASS = "tools.jackson.dataformat.xml.XmlMapper";

	private final ObjectMapper xmlMapper;

	private final XMLInputFactory inputFactory;

	/**
	 * Creates the reader of XML bodies.
	 * @param xmlMapper an {@code XmlMapper} whose own StAX factory supports neither DTDs nor
	 * external entities
	 */
	public XmlBodies(ObjectMapper xmlMapper) {
		this.xmlMapper = xmlMapper;
		this.inputFactory = hardenedInputFactory();
	}

	/**
	 * A StAX factory that refuses to read DTDs and to resolve external entities, whatever
	 * implementation the classpath provides (Woodstox, the JDK's).
	 * @return the factory
	 */
	public static XMLInputFactory hardenedInputFactory() {
		XMLInputFactory factory = XMLInputFactory.newFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
		factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
			throw new XMLStreamException("External entities are not resolved: " + systemId);
		});
		return factory;
	}

	/**
	 * Whether the given StAX factory reads neither DTDs nor external entities.
	 * @param factory the factory
	 * @return whether it is hardened
	 */
	public static boolean isHardened(XMLInputFactory factory) {
		return Boolean.FALSE.equals(factory.getProperty(XMLInputFactory.SUPPORT_DTD))
				&& Boolean.FALSE.equals(factory.getProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES));
	}

	/**
	 * The mapper that binds XML bodies, for handlers' payloads.
	 * @return the {@code XmlMapper}
	 */
	public ObjectMapper xmlMapper() {
		return this.xmlMapper;
	}

	/**
	 * Whether a content type is XML: {@code application/xml}, {@code text/xml} or
	 * {@code <anything>/<anything>+xml}.
	 * @param contentType the content type, or {@code null}
	 * @return whether it is XML
	 */
	public static boolean isXml(@Nullable MediaType contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.getType();
		String subtype = contentType.getSubtype();
		return subtype.equals("xml") ? type.equals("application") || type.equals("text") : subtype.endsWith("+xml");
	}

	/**
	 * Whether a request says its body is XML.
	 * @param request the request
	 * @return whether its content type is XML
	 */
	public static boolean isXml(WebhookRequest request) {
		String contentType = request.header("Content-Type");
		try {
			return contentType != null && isXml(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * Checks that the body of a verified request is a well-formed XML document without a
	 * document type declaration, unless a provider already read it.
	 * @param request the request, whose content type is XML
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if it is not
	 */
	public void check(WebhookRequest request) {
		if (request.parsedXmlBody() == null) {
			check(request.body());
		}
	}

	/**
	 * Checks that a verified XML body is a well-formed document without a document type
	 * declaration, reading it once with StAX (no tree is built).
	 * @param body the body
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if it is not
	 */
	void check(byte[] body) {
		boolean doctype = false;
		XMLStreamReader reader = null;
		try {
			reader = this.inputFactory.createXMLStreamReader(new ByteArrayInputStream(body));
			while (reader.hasNext() && !doctype) {
				doctype = reader.next() == XMLStreamConstants.DTD;
			}
		}
		catch (XMLStreamException | RuntimeException ex) {
			throw notXml();
		}
		finally {
			close(reader);
		}
		if (doctype) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The XML body has a document type declaration "
					+ "(<!DOCTYPE ...>); DTDs and entities are not accepted");
		}
	}

	/**
	 * Reads a verified XML body as a tree, for {@code xml:} expressions: the top level holds
	 * the root element's children.
	 * @param body the body
	 * @return the tree
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body is not a
	 * well-formed document without a document type declaration
	 */
	JsonNode readTree(byte[] body) {
		check(body);
		try {
			return this.xmlMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw notXml();
		}
	}

	private static void close(@Nullable XMLStreamReader reader) {
		if (reader != null) {
			try {
				reader.close();
			}
			catch (XMLStreamException ex) {
				// nothing was held but the bytes in memory
			}
		}
	}

	private static WebhookRejectedException notXml() {
		return new WebhookRejectedException(Reason.MALFORMED, "The body is not well-formed XML");
	}

}
