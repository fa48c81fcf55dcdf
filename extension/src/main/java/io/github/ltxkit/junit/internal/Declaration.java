package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.DatabaseFixture;
import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * One {@link LitestreamDatabase} annotation, resolved: the database it declares and whether it only refers to one
 * declared elsewhere (it sets nothing but a name). Immutable.
 *
 * @param spec          the database it declares (a reference's spec holds the defaults)
 * @param reference     whether it sets nothing but a name
 * @param scopeExplicit whether it sets a scope (else it shares a same-named database of another scope)
 * @param faults        the storage faults written on the same element (for a field or parameter)
 */
record Declaration(DatabaseSpec spec, boolean reference, boolean scopeExplicit, List<FaultSpec> faults) {
    Declaration {
        Objects.requireNonNull(spec, "spec");
        faults = List.copyOf(faults);
    }

    String name() {
        return spec.name();
    }

    /**
     * Resolves {@code annotation} declared at {@code origin} against the run's defaults.
     *
     * @throws ExtensionConfigurationException naming the element and the problem: conflicting attributes, a scope
     *                                         the element cannot have, a malformed value
     */
    static Declaration of(LitestreamDatabase annotation, Origin origin, Defaults defaults, List<FaultSpec> faults) {
        String where = "@LitestreamDatabase on " + origin + ": ";
        boolean hasFixture = !annotation.fixture().isEmpty();
        boolean hasBuilder = annotation.fixtureBuilder() != DatabaseFixture.class;
        if (hasFixture && hasBuilder) {
            throw new ExtensionConfigurationException(where + "conflicting attributes: fixture \""
                    + annotation.fixture() + "\" and fixtureBuilder " + annotation.fixtureBuilder().getName()
                    + " (a database has one fixture)");
        }
        FixtureRef fixture;
        if (hasBuilder) {
            fixture = new FixtureRef.BuilderClass(annotation.fixtureBuilder());
        } else if (hasFixture) {
            fixture = annotation.fixture().equals(LitestreamDatabase.NO_FIXTURE) ? new FixtureRef.None()
                    : new FixtureRef.Location(annotation.fixture());
        } else {
            fixture = defaults.fixture().<FixtureRef>map(FixtureRef.Location::new).orElseGet(FixtureRef.None::new);
        }

        Map<String, String> parameters = new LinkedHashMap<>(defaults.parameters());
        Map<String, String> fromList = new LinkedHashMap<>();
        for (String pair : annotation.parameters()) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException(where + "parameters: \"" + pair + "\" is not name=value "
                        + "(e.g. poll_interval=250ms)");
            }
            fromList.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        parameters.putAll(fromList);
        Map<String, String> fromAttributes = new LinkedHashMap<>();
        if (annotation.writable() != Toggle.DEFAULT) {
            fromAttributes.put("write_enabled", Boolean.toString(annotation.writable() == Toggle.ON));
        }
        if (!annotation.syncInterval().isEmpty()) {
            fromAttributes.put("sync_interval", annotation.syncInterval());
        }
        if (annotation.hydration() != Toggle.DEFAULT) {
            fromAttributes.put("hydration_enabled", Boolean.toString(annotation.hydration() == Toggle.ON));
        }
        if (!annotation.cacheSize().isEmpty()) {
            fromAttributes.put("cache_size", annotation.cacheSize());
        }
        for (String name : fromAttributes.keySet()) {
            if (fromList.containsKey(name)) {
                throw new ExtensionConfigurationException(where + "conflicting attributes: parameters sets " + name
                        + "=" + fromList.get(name) + " and " + attributeOf(name) + " sets it to "
                        + fromAttributes.get(name));
            }
        }
        parameters.putAll(fromAttributes);
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String problem = Defaults.checkParameter(p.getKey(), p.getValue());
            if (problem != null) {
                String source = fromAttributes.containsKey(p.getKey()) ? attributeOf(p.getKey())
                        : fromList.containsKey(p.getKey()) ? "parameters" : "configuration";
                throw new ExtensionConfigurationException(where + source + ": " + problem);
            }
        }

        Backend backend = annotation.backend() == Backend.DEFAULT ? defaults.backend() : annotation.backend();
        Scope scope;
        if (annotation.scope() == Scope.DEFAULT) {
            scope = origin.defaultScope(defaults.scope());
        } else {
            String refusal = origin.refuses(annotation.scope());
            if (refusal != null) {
                throw new ExtensionConfigurationException(where + "scope " + annotation.scope() + " is not possible: "
                        + refusal);
            }
            scope = annotation.scope();
        }
        CleanupMode cleanup = annotation.cleanup() == CleanupMode.DEFAULT ? defaults.cleanup() : annotation.cleanup();
        DatabaseSpec spec = new DatabaseSpec(annotation.name(), fixture, parameters, null, null, backend, null, scope,
                cleanup, origin);
        return new Declaration(spec, isReference(annotation), annotation.scope() != Scope.DEFAULT, faults);
    }

    /** Returns whether the annotation sets nothing but (possibly) a name. */
    static boolean isReference(LitestreamDatabase a) {
        return a.fixture().isEmpty() && a.fixtureBuilder() == DatabaseFixture.class && a.writable() == Toggle.DEFAULT
                && a.syncInterval().isEmpty() && a.hydration() == Toggle.DEFAULT && a.cacheSize().isEmpty()
                && a.parameters().length == 0 && a.backend() == Backend.DEFAULT && a.scope() == Scope.DEFAULT
                && a.cleanup() == CleanupMode.DEFAULT;
    }

    private static String attributeOf(String parameter) {
        return switch (parameter) {
            case "write_enabled" -> "writable";
            case "sync_interval" -> "syncInterval";
            case "hydration_enabled" -> "hydration";
            case "cache_size" -> "cacheSize";
            default -> parameter;
        };
    }
}
