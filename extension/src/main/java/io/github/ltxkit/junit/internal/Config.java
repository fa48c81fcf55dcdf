package io.github.ltxkit.junit.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@code ltxkit.*} configuration parameters of a test run, as JUnit sees them: launcher parameters, then system
 * properties, then {@code junit-platform.properties}. Blank values count as absent; malformed values fail naming
 * the parameter. Immutable; thread-safe.
 */
final class Config {
    private final Function<String, Optional<String>> source;

    Config(Function<String, Optional<String>> source) {
        this.source = source;
    }

    static Config of(ExtensionContext context) {
        return new Config(context::getConfigurationParameter);
    }

    /** Returns the trimmed value of {@code property}, if set and not blank. */
    Optional<String> get(String property) {
        return source.apply(property).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Returns the value of {@code property} as a constant of {@code type} (any case), or {@code fallback}. */
    <E extends Enum<E>> E enumValue(String property, Class<E> type, E fallback) {
        Optional<String> value = get(property);
        if (value.isEmpty()) {
            return fallback;
        }
        String wanted = value.get().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted) && !wanted.equals("DEFAULT")) {
                return constant;
            }
        }
        throw invalid(property, value.get(), "one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(n -> !n.equals("DEFAULT")).collect(Collectors.joining(", ")));
    }

    /** Returns the value of {@code property} as a boolean ({@code true}/{@code false}), or {@code fallback}. */
    boolean bool(String property, boolean fallback) {
        Optional<String> value = get(property);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(property, value.get(), "true or false");
        };
    }

    static ExtensionConfigurationException invalid(String property, String value, String expected) {
        return new ExtensionConfigurationException("configuration parameter " + property + ": invalid value '"
                + value + "' (want " + expected + ")");
    }
}
