package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import java.util.Objects;
import java.util.Set;

/**
 * Where a database is declared, which decides its default scope and the scopes it may have.
 *
 * @param kind        the kind of element
 * @param description the element, for messages: {@code field OrdersTest.db}
 */
record Origin(Kind kind, String description) {
    /** The kinds of element a database can be declared on. */
    enum Kind {
        /** A test class. */
        CLASS,
        /** A test method. */
        METHOD,
        /** A static field. */
        STATIC_FIELD,
        /** An instance field. */
        INSTANCE_FIELD,
        /** A parameter of a test method, {@code @BeforeEach} or {@code @AfterEach} method. */
        EACH_PARAMETER,
        /** A parameter of a {@code @BeforeAll} or {@code @AfterAll} method or of a constructor. */
        ALL_PARAMETER,
        /** A {@code LitestreamExtension} registered for the class (a static field, or PER_CLASS). */
        PROGRAMMATIC_CLASS,
        /** A {@code LitestreamExtension} registered for each test (an instance field). */
        PROGRAMMATIC_METHOD
    }

    Origin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** Returns the scope of a declaration without one, given the configured default ({@code ltxkit.scope}). */
    Scope defaultScope(Scope configured) {
        if (configured == Scope.JVM) {
            return Scope.JVM;
        }
        return switch (kind) {
            case CLASS, INSTANCE_FIELD -> configured;
            case METHOD, EACH_PARAMETER, PROGRAMMATIC_METHOD -> Scope.METHOD;
            case STATIC_FIELD, ALL_PARAMETER, PROGRAMMATIC_CLASS -> Scope.CLASS;
        };
    }

    /** Returns why {@code scope} is not possible here, or {@code null} if it is. */
    String refuses(Scope scope) {
        Set<Scope> allowed = switch (kind) {
            case CLASS, INSTANCE_FIELD, EACH_PARAMETER -> Set.of(Scope.METHOD, Scope.CLASS, Scope.JVM);
            case METHOD, PROGRAMMATIC_METHOD -> Set.of(Scope.METHOD, Scope.JVM);
            case STATIC_FIELD, ALL_PARAMETER, PROGRAMMATIC_CLASS -> Set.of(Scope.CLASS, Scope.JVM);
        };
        if (allowed.contains(scope)) {
            return null;
        }
        return switch (kind) {
            case METHOD -> "a test method's database cannot be shared by its class; declare it on the class or a "
                    + "static field";
            case PROGRAMMATIC_METHOD -> "an instance @RegisterExtension field is registered anew for each test; use "
                    + "a static field to share a database";
            case STATIC_FIELD -> "a static field holds one value for the whole class; use an instance field for a "
                    + "database per test";
            case ALL_PARAMETER -> "this parameter is resolved once for the class; use a parameter of a test or "
                    + "@BeforeEach method for a database per test";
            case PROGRAMMATIC_CLASS -> "a static @RegisterExtension field serves the whole class; use an instance "
                    + "field for a database per test";
            default -> "not possible here";
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
