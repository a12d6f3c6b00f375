package dev.drivelink.core.sync.settings;

import java.util.Arrays;
import java.util.Optional;

/** An enum constant with the lower-case name the API and the table use. */
public interface WireName {

    String wire();

    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(name)).findFirst();
    }

    static <E extends Enum<E> & WireName> String choices(Class<E> type) {
        return String.join(", ", Arrays.stream(type.getEnumConstants()).map(WireName::wire).toList());
    }
}
