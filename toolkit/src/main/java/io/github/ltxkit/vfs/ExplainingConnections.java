package io.github.ltxkit.vfs;

import io.github.ltxkit.sqlite.SqliteEngine;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Wraps JDBC objects so that an {@link SQLException} caused by the VFS carries the VFS's own message. SQLite can only
 * say "attempt to write a readonly database" or "disk I/O error"; the wrapped exception adds why, for example the
 * replica conflict with both TXIDs. The original exception is the cause, its SQL state and error code are kept.
 * Stateless; the message comes from the calling thread's last VFS error, cleared before every call.
 */
final class ExplainingConnections {
    private static final Set<Class<?>> WRAPPED = Set.of(Connection.class, Statement.class, PreparedStatement.class,
            CallableStatement.class, ResultSet.class, DatabaseMetaData.class);

    private ExplainingConnections() {
    }

    static Connection wrap(Connection connection) {
        return (Connection) proxy(connection, Connection.class);
    }

    private static Object proxy(Object target, Class<?> type) {
        return Proxy.newProxyInstance(ExplainingConnections.class.getClassLoader(), new Class<?>[] {type},
                new Handler(target));
    }

    /** Forwards every call, explaining SQL exceptions and wrapping returned JDBC objects. */
    private record Handler(Object target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> c
                    && c.isInstance(target)) {
                return target;
            }
            if (method.getName().equals("isWrapperFor") && args != null && args[0] instanceof Class<?> c
                    && c.isInstance(target)) {
                return true;
            }
            SqliteEngine engine = SqliteEngine.get();
            engine.clearLastError();
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException sql) {
                    throw explain(sql, engine.lastError());
                }
                throw cause;
            }
            Class<?> returnType = method.getReturnType();
            if (result != null && returnType.isInterface() && WRAPPED.contains(returnType)) {
                return proxy(result, returnType);
            }
            return result;
        }
    }

    static SQLException explain(SQLException e, String vfsMessage) {
        if (vfsMessage == null || vfsMessage.isBlank() || String.valueOf(e.getMessage()).contains(vfsMessage)) {
            return e;
        }
        return new SQLException(e.getMessage() + ": " + vfsMessage, e.getSQLState(), e.getErrorCode(), e);
    }
}
