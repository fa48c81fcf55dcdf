package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.ReplicaLocation;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The values a test database can be injected as, by declared type. Connections and data sources are new for each
 * field or parameter and closed when the scope that asked for them ends. Stateless.
 */
final class Injector {
    /** The types a field or parameter may have. */
    static final List<Class<?>> INJECTABLE = List.of(Connection.class, DataSource.class, ReplicaDatabase.class,
            ReplicaLocation.class, S3Client.class);
    /** The types, for messages. */
    static final String TYPES = INJECTABLE.stream().map(Class::getName).collect(Collectors.joining(", "));

    private Injector() {
    }

    static boolean injectable(Class<?> type) {
        return INJECTABLE.contains(type);
    }

    /**
     * Returns {@code database} as a {@code type}; a connection or data source is closed when {@code owner} closes.
     */
    static Object value(Class<?> type, ManagedDatabase database, ScopeState owner) throws SQLException {
        if (type == Connection.class) {
            Connection c = database.connect();
            owner.track(c);
            return c;
        }
        if (type == DataSource.class) {
            TrackingDataSource ds = new TrackingDataSource(database);
            owner.track(ds);
            return ds;
        }
        if (type == ReplicaDatabase.class) {
            return database.handle;
        }
        if (type == ReplicaLocation.class) {
            return database.location;
        }
        if (type == S3Client.class) {
            return database.client();
        }
        throw new IllegalArgumentException("cannot inject a " + type.getName() + "; the types are " + TYPES);
    }
}
