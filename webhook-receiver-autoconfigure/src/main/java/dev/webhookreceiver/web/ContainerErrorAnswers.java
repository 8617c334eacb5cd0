package dev.webhookreceiver.web;

import java.lang.reflect.Method;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives a delivery whose body the servlet container refused the receiver's own answer. When a
 * body's transfer breaks while it is read (a chunked encoding that is not valid, a connection
 * that ends early, the server's socket read timeout), Tomcat calls {@code sendError} itself:
 * it discards the answer the receiver writes and dispatches the request to the error page. This
 * mapping answers that error dispatch with the receiver's answer, kept in a request attribute,
 * instead of the application's error page.
 */
public final class ContainerErrorAnswers implements HandlerMapping, Ordered {

	/** The request attribute holding the receiver's answer to a body it could not read. */
	static final String ANSWER_ATTRIBUTE = ContainerErrorAnswers.class.getName() + ".answer";

	private static final Method ANSWER = ReflectionUtils.findMethod(ContainerErrorAnswers.class, "answer",
			HttpServletRequest.class);

	@Override
	public @Nullable HandlerExecutionChain getHandler(HttpServletRequest request) {
		return isAnsweredErrorDispatch(request) ? new HandlerExecutionChain(new HandlerMethod(this, ANSWER)) : null;
	}

	/**
	 * Whether a request is the error dispatch of a delivery that the receiver answered, whose
	 * body the container refused: security that permitted the delivery must permit this too.
	 * @param request the request
	 * @return whether this mapping answers it
	 */
	public static boolean isAnsweredErrorDispatch(HttpServletRequest request) {
		return request.getDispatcherType() == DispatcherType.ERROR && request.getAttribute(ANSWER_ATTRIBUTE) != null;
	}

	/**
	 * The answer the receiver gave to the request.
	 * @param request the request, in its error dispatch
	 * @return the answer
	 */
	@SuppressWarnings("unchecked")
	ResponseEntity<Object> answer(HttpServletRequest request) {
		return (ResponseEntity<Object>) request.getAttribute(ANSWER_ATTRIBUTE);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
