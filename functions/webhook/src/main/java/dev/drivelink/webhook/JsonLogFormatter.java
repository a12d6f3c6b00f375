package dev.drivelink.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One JSON object per log line, as the Quarkus functions write theirs (the webhook runs without Quarkus:
 * jboss-logging falls back to java.util.logging). Level from {@code QUARKUS_LOG_LEVEL}, like the others.
 */
final class JsonLogFormatter extends Formatter {

    private static final ObjectMapper JSON = new ObjectMapper();

    static void install() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new JsonLogFormatter());
        Level level = level(System.getenv("QUARKUS_LOG_LEVEL"));
        handler.setLevel(level);
        root.setLevel(level);
        root.addHandler(handler);
    }

    private static Level level(String name) {
        if (name == null) {
            return Level.INFO;
        }
        return switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "DEBUG", "TRACE" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    @Override
    public String format(LogRecord record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel() == Level.SEVERE ? "ERROR" : record.getLevel() == Level.WARNING ? "WARN"
                : record.getLevel().intValue() < Level.INFO.intValue() ? "DEBUG" : "INFO");
        line.put("loggerName", record.getLoggerName());
        line.put("message", formatMessage(record));
        if (record.getThrown() != null) {
            line.put("exception", record.getThrown().toString());
        }
        return line + System.lineSeparator();
    }
}
