package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * Creates and finds the databases of declarations in their scopes, and injects fields. The declarations of a class
 * are prepared once per class scope (static fields injected then), those of a test once per method scope (instance
 * fields injected then); a name found in an enclosing scope is shared rather than declared again. Stateless besides
 * the run's resources; thread-safe.
 */
final class Databases {
    private final JvmResources jvm;

    Databases(JvmResources jvm) {
        this.jvm = jvm;
    }

    static Databases of(ExtensionContext context) {
        return new Databases(JvmResources.of(context));
    }

    /** Creates the class-wide databases of the class of {@code classContext} and injects its static fields. */
    ScopeState prepareClass(ExtensionContext classContext) {
        ScopeState scope = ScopeState.of(classContext);
        Class<?> type = classContext.getRequiredTestClass();
        scope.prepareOnce(() -> {
            Declarations.OfClass declared = jvm.declarations().of(type);
            List<Declaration> wanted = declared.all().filter(d -> d.spec().scope() != Scope.METHOD).toList();
            resolveAll(wanted, scope, scope, classContext);
            for (Declarations.OfField f : declared.fields()) {
                if (f.isStatic()) {
                    inject(f, null, scope, scope, classContext);
                }
            }
        });
        return scope;
    }

    /**
     * Creates the databases of a test (declared on its classes, their instance fields and the method), after the
     * class-wide ones, and injects the instance fields of every test instance.
     */
    ScopeState prepareMethod(ExtensionContext methodContext) {
        List<ExtensionContext> classes = classContexts(methodContext);
        for (ExtensionContext c : classes) {
            prepareClass(c);
        }
        ScopeState scope = ScopeState.of(methodContext);
        scope.prepareOnce(() -> {
            List<Declaration> wanted = new ArrayList<>();
            List<ScopeState> owners = new ArrayList<>();
            for (ExtensionContext c : classes) {
                ScopeState classScope = ScopeState.of(c);
                jvm.declarations().of(c.getRequiredTestClass()).all().filter(d -> d.spec().scope() == Scope.METHOD)
                        .forEach(d -> {
                            wanted.add(d);
                            owners.add(classScope);
                        });
            }
            ScopeState innermost = ScopeState.of(classes.getLast());
            for (Declaration d : jvm.declarations().of(methodContext.getRequiredTestMethod()).onMethod()) {
                wanted.add(d);
                owners.add(innermost);
            }
            for (int pass = 0; pass < 2; pass++) { // declarations first, then references to them
                for (int i = 0; i < wanted.size(); i++) {
                    if (wanted.get(i).reference() == (pass == 1)) {
                        resolve(wanted.get(i), scope, owners.get(i), methodContext);
                    }
                }
            }
            for (Object instance : methodContext.getRequiredTestInstances().getAllInstances()) {
                ExtensionContext c = classes.stream().filter(x -> x.getRequiredTestClass() == instance.getClass())
                        .findFirst().orElse(classes.getLast());
                ScopeState classScope = ScopeState.of(c);
                for (Declarations.OfField f : jvm.declarations().of(instance.getClass()).fields()) {
                    if (!f.isStatic()) {
                        inject(f, instance, scope, classScope, methodContext);
                    }
                }
            }
        });
        return scope;
    }

    private void resolveAll(List<Declaration> wanted, ScopeState scope, ScopeState classScope,
                            ExtensionContext context) {
        for (Declaration d : wanted) {
            if (!d.reference()) {
                resolve(d, scope, classScope, context);
            }
        }
        for (Declaration d : wanted) {
            if (d.reference()) {
                resolve(d, scope, classScope, context);
            }
        }
    }

    /**
     * Returns the database of {@code declaration}: the one of its name visible from {@code lookup} (which must
     * have the same settings unless the declaration only refers to it), else a new one in the scope the
     * declaration asks for.
     *
     * @param lookup     where names are looked up and JVM-scoped databases aliased
     * @param classScope the scope of the class the declaration belongs to, which owns class-wide databases
     */
    ManagedDatabase resolve(Declaration declaration, ScopeState lookup, ScopeState classScope,
                            ExtensionContext context) {
        DatabaseSpec spec = declaration.spec();
        Optional<ScopeState.Entry> existing = lookup.find(spec.name());
        if (existing.isPresent()) {
            if (!declaration.reference()) {
                DatabaseSpec found = existing.get().spec();
                ScopeState.requireSame(found, declaration.scopeExplicit() ? spec : spec.withScope(found.scope()));
            }
            return ScopeState.join(existing.get().database());
        }
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        return switch (spec.scope()) {
            case METHOD -> {
                if (lookup.level != ScopeState.Level.METHOD) {
                    throw new ExtensionConfigurationException(spec.displayName() + " declared by " + spec.origin()
                            + " has scope METHOD but is needed outside a test (in " + context.getDisplayName()
                            + "); declare it with scope CLASS");
                }
                yield lookup.obtain(spec, () -> ManagedDatabase.create(jvm, spec, label(context, spec), loader));
            }
            case CLASS -> classScope.obtain(spec, () -> ManagedDatabase.create(jvm, spec,
                    label(classScope.context, spec), loader));
            case JVM -> {
                ManagedDatabase db = jvm.jvmScope().obtain(spec.sharedKey(), spec, () -> ManagedDatabase.create(jvm,
                        spec, "jvm." + name(spec), loader));
                lookup.alias(spec, db);
                yield db;
            }
            case DEFAULT -> throw new IllegalStateException("unresolved scope");
        };
    }

    private void inject(Declarations.OfField f, Object instance, ScopeState scope, ScopeState classScope,
                        ExtensionContext context) {
        ManagedDatabase db = resolve(f.declaration(), scope, classScope, context);
        Field field = f.field();
        Object value;
        try {
            value = Injector.value(field.getType(), db, scope);
        } catch (SQLException e) {
            throw new ExtensionConfigurationException("cannot connect field " + Declarations.name(field) + " to "
                    + db.spec.displayName() + ": " + e.getMessage(), e);
        }
        try {
            field.setAccessible(true);
            field.set(ModifierSupport.isStatic(field) ? null : instance, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot set field " + Declarations.name(field) + ": " + e, e);
        }
    }

    /** Returns the class contexts above {@code context} (itself included if it is one), outermost first. */
    static List<ExtensionContext> classContexts(ExtensionContext context) {
        List<ExtensionContext> out = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getTestClass().isPresent() && c.get().getTestMethod().isEmpty()) {
                out.addFirst(c.get());
            }
        }
        return out;
    }

    /** Names a database for people and in its location: {@code OrdersTest.countsOrders.orders}. */
    static String label(ExtensionContext context, DatabaseSpec spec) {
        String owner = Declarations.name(context.getRequiredTestClass()).replace('$', '.');
        String method = context.getTestMethod().map(m -> "." + m.getName()).orElse("");
        return clean(owner + method + "." + name(spec));
    }

    private static String name(DatabaseSpec spec) {
        return spec.name().isEmpty() ? "default" : spec.name();
    }

    /** Keeps the characters safe in keys, paths and URLs; shortens a long label from the front, at a dot. */
    static String clean(String label) {
        String s = label.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.length() <= 120) {
            return s;
        }
        String tail = s.substring(s.length() - 120);
        int dot = tail.indexOf('.');
        return dot > 0 && dot < tail.length() - 1 ? tail.substring(dot + 1) : tail;
    }
}
