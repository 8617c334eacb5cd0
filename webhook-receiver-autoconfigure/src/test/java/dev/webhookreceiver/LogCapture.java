package dev.webhookreceiver;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Captures what some loggers log while a test provokes it on purpose: until the capture is
 * closed, those loggers write to it alone, so that the test asserts what they logged and the
 * build's output shows only what nobody expected. Open it once the application contexts of the
 * test are running: starting Spring Boot's logging system again resets the loggers.
 */
public final class LogCapture implements AutoCloseable {

	private final List<Logger> loggers;

	private final List<Boolean> additivity;

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

		@Override
		protected void append(ILoggingEvent event) {
			synchronized (LogCapture.this.events) {
				LogCapture.this.events.add(event);
				LogCapture.this.events.notifyAll();
			}
		}

	};

	private LogCapture(List<Logger> loggers) {
		this.loggers = loggers;
		this.additivity = loggers.stream().map(Logger::isAdditive).toList();
		this.appender.setName("capture");
		this.appender.setContext(loggers.get(0).getLoggerContext());
		this.appender.start();
		for (Logger logger : loggers) {
			logger.addAppender(this.appender);
			logger.setAdditive(false);
		}
	}

	/**
	 * Captures what the loggers named after the given classes log.
	 * @param loggers the classes whose loggers to capture
	 * @return the capture, to close when the test is done with it
	 */
	public static LogCapture of(Class<?>... loggers) {
		return of(Arrays.stream(loggers).map(Class::getName).toArray(String[]::new));
	}

	/**
	 * Captures what the given loggers log.
	 * @param loggers the names of the loggers to capture
	 * @return the capture, to close when the test is done with it
	 */
	public static LogCapture of(String... loggers) {
		return new LogCapture(Arrays.stream(loggers).map((name) -> (Logger) LoggerFactory.getLogger(name)).toList());
	}

	/**
	 * Returns everything captured so far, in the order it was logged.
	 * @return the captured events
	 */
	public List<ILoggingEvent> events() {
		return List.copyOf(this.events);
	}

	/**
	 * Returns the formatted messages captured so far at the given level.
	 * @param level the level
	 * @return the messages, in the order they were logged
	 */
	public List<String> messages(Level level) {
		return this.events.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	/**
	 * Waits until the given number of events at the given level were captured, for what other
	 * threads log, such as workers.
	 * @param level the level
	 * @param count how many events to wait for
	 * @param timeout the longest wait
	 * @return the formatted messages captured at the level
	 * @throws IllegalStateException if fewer were captured within the timeout
	 */
	public List<String> await(Level level, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.events) {
			List<String> messages = messages(level);
			while (messages.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IllegalStateException("Captured " + messages.size() + " of " + count + " " + level
							+ " events within " + timeout + ": " + messages);
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.events, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				messages = messages(level);
			}
			return messages;
		}
	}

	@Override
	public void close() {
		for (int i = 0; i < this.loggers.size(); i++) {
			Logger logger = this.loggers.get(i);
			logger.detachAppender(this.appender);
			logger.setAdditive(this.additivity.get(i));
		}
		this.appender.stop();
	}

}
