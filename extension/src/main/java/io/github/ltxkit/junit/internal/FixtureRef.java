package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.DatabaseFixture;
import java.util.Objects;

/** What a database starts with, as declared; {@link FixtureCache} turns it into LTX files. Immutable. */
sealed interface FixtureRef {
    /** No fixture: an empty database. */
    record None() implements FixtureRef {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** A file or classpath resource, as written: {@code db/orders.sql}, {@code classpath:...}, {@code file:...}. */
    record Location(String location) implements FixtureRef {
        public Location {
            Objects.requireNonNull(location, "location");
        }

        @Override
        public String toString() {
            return "'" + location + "'";
        }
    }

    /** A {@link DatabaseFixture} class, instantiated when the fixture is built. */
    record BuilderClass(Class<? extends DatabaseFixture> type) implements FixtureRef {
        public BuilderClass {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return type.getName();
        }
    }

    /** A {@link DatabaseFixture} instance (equal only to itself). */
    record Instance(DatabaseFixture fixture) implements FixtureRef {
        public Instance {
            Objects.requireNonNull(fixture, "fixture");
        }

        @Override
        public String toString() {
            return "DatabaseFixture " + fixture.getClass().getName();
        }
    }
}
