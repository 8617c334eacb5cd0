package dev.webhookreceiver.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ReceiverInstance} in a JVM of its own, on this JVM's class path, that a test can kill
 * as {@code kill -9} does.
 */
final class ReceiverProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> output = new ArrayList<>();

	private final int port;

	private ReceiverProcess(Process process) {
		this.process = process;
		Thread reader = new Thread(this::readOutput, "receiver-process-output");
		reader.setDaemon(true);
		reader.start();
		this.port = awaitPort();
	}

	/**
	 * Starts an instance and waits until it listens.
	 * @param properties the instance's properties, as {@code name=value}
	 * @return the running process
	 */
	static ReceiverProcess start(String... properties) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), ReceiverInstance.class.getName()));
		command.addAll(List.of(properties));
		try {
			return new ReceiverProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * Everything the process printed so far.
	 * @return its output
	 */
	String output() {
		synchronized (this.output) {
			return String.join(System.lineSeparator(), this.output);
		}
	}

	/**
	 * Kills the process at once, as {@code kill -9} does, and waits until it is gone.
	 */
	void kill() {
		this.process.destroyForcibly();
		awaitExit();
	}

	/**
	 * Stops the process as {@code kill} does, letting it shut down, and waits until it is gone.
	 */
	void stop() {
		this.process.destroy();
		awaitExit();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private int awaitPort() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		try {
			while (System.nanoTime() < deadline) {
				String line = this.lines.poll(100, TimeUnit.MILLISECONDS);
				if (line != null && line.startsWith(ReceiverInstance.LISTENING)) {
					return Integer.parseInt(line.substring(ReceiverInstance.LISTENING.length()).trim());
				}
				if (line == null && !this.process.isAlive() && this.lines.isEmpty()) {
					break;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		close();
		throw new IllegalStateException("The receiver did not start within " + STARTUP_TIMEOUT + ":"
				+ System.lineSeparator() + output());
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The receiver did not end within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void readOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this.output) {
					this.output.add(line);
				}
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// The process is gone.
		}
	}

}
