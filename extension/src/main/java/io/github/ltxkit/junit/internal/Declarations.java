package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.StorageFault;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The {@link LitestreamDatabase} and {@link StorageFault} declarations of test classes and methods, found by
 * reflection and resolved against the run's defaults once per class or method. A class or method whose
 * declarations are wrong fails the same way each time. Thread-safe.
 */
final class Declarations {
    private final Defaults defaults;
    private final ConcurrentHashMap<AnnotatedElement, CompletableFuture<Object>> cache = new ConcurrentHashMap<>();

    Declarations(Defaults defaults) {
        this.defaults = defaults;
    }

    /** The declarations of a test class (with its superclasses), not of its enclosing classes. */
    record OfClass(Class<?> type, List<Declaration> onClass, List<OfField> fields, List<FaultSpec> faults) {
        /** Returns the declarations on the class and on its fields. */
        Stream<Declaration> all() {
            return Stream.concat(onClass.stream(), fields.stream().map(OfField::declaration));
        }
    }

    /** A field that receives a database. */
    record OfField(Field field, Declaration declaration) {
        boolean isStatic() {
            return Modifier.isStatic(field.getModifiers());
        }
    }

    /** The declarations on a test method. */
    record OfMethod(Method method, List<Declaration> onMethod, List<FaultSpec> faults) {
    }

    OfClass of(Class<?> type) {
        return (OfClass) cached(type, () -> scan(type));
    }

    OfMethod of(Method method) {
        return (OfMethod) cached(method, () -> scan(method));
    }

    /** Resolves the annotation of a parameter (its faults included). */
    Declaration of(Parameter parameter, int index, LitestreamDatabase annotation, boolean perClass) {
        String origin = describe(parameter, index);
        List<FaultSpec> faults = faults(parameter, origin, true);
        return Declaration.of(annotation, new Origin(perClass ? Origin.Kind.ALL_PARAMETER : Origin.Kind.EACH_PARAMETER,
                origin), defaults, faults);
    }

    private Object cached(AnnotatedElement key, java.util.function.Supplier<Object> scan) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = cache.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(scan.get());
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
            existing = mine;
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private OfClass scan(Class<?> type) {
        String className = "class " + name(type);
        List<Declaration> onClass = new ArrayList<>();
        for (LitestreamDatabase a : AnnotationSupport.findRepeatableAnnotations(type, LitestreamDatabase.class)) {
            onClass.add(Declaration.of(a, new Origin(Origin.Kind.CLASS, className), defaults, List.of()));
        }
        List<OfField> fields = new ArrayList<>();
        for (Field field : AnnotationSupport.findAnnotatedFields(type, LitestreamDatabase.List.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            throw new ExtensionConfigurationException("field " + name(field) + " has several @LitestreamDatabase "
                    + "annotations; a field receives one database");
        }
        for (Field field : AnnotationSupport.findAnnotatedFields(type, LitestreamDatabase.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            String origin = "field " + name(field);
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@LitestreamDatabase " + origin + " must not be final");
            }
            if (!Injector.injectable(field.getType())) {
                throw new ExtensionConfigurationException("@LitestreamDatabase " + origin + " has type "
                        + field.getType().getName() + "; it can receive " + Injector.TYPES);
            }
            Origin.Kind kind = Modifier.isStatic(field.getModifiers()) ? Origin.Kind.STATIC_FIELD
                    : Origin.Kind.INSTANCE_FIELD;
            LitestreamDatabase a = AnnotationSupport.findAnnotation(field, LitestreamDatabase.class).orElseThrow();
            fields.add(new OfField(field, Declaration.of(a, new Origin(kind, origin), defaults,
                    faults(field, origin, true))));
        }
        for (Field field : AnnotationSupport.findAnnotatedFields(type, StorageFault.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            requireDatabase(field, "field " + name(field));
        }
        for (Field field : AnnotationSupport.findAnnotatedFields(type, StorageFault.List.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            requireDatabase(field, "field " + name(field));
        }
        return new OfClass(type, List.copyOf(onClass), List.copyOf(fields), faults(type, className, false));
    }

    private OfMethod scan(Method method) {
        String origin = "method " + name(method);
        List<Declaration> onMethod = new ArrayList<>();
        for (LitestreamDatabase a : AnnotationSupport.findRepeatableAnnotations(method, LitestreamDatabase.class)) {
            onMethod.add(Declaration.of(a, new Origin(Origin.Kind.METHOD, origin), defaults, List.of()));
        }
        return new OfMethod(method, List.copyOf(onMethod), faults(method, origin, false));
    }

    private static void requireDatabase(AnnotatedElement element, String origin) {
        if (!AnnotationSupport.isAnnotated(element, LitestreamDatabase.class)) {
            throw new ExtensionConfigurationException("@StorageFault on " + origin + " needs @LitestreamDatabase on "
                    + "the same element (or put it on the test method or class)");
        }
    }

    /**
     * Returns the faults written on {@code element}; on a database's own field or parameter they may not name
     * another database.
     */
    static List<FaultSpec> faults(AnnotatedElement element, String origin, boolean ownDatabase) {
        List<FaultSpec> faults = new ArrayList<>();
        for (StorageFault a : AnnotationSupport.findRepeatableAnnotations(element, StorageFault.class)) {
            if (ownDatabase && !a.database().isEmpty()) {
                throw new ExtensionConfigurationException("@StorageFault(" + a.value() + ") on " + origin
                        + ": conflicting attributes: database \"" + a.database() + "\" on an element that declares "
                        + "its own database");
            }
            faults.add(FaultSpec.of(a, origin));
        }
        return List.copyOf(faults);
    }

    static String name(Class<?> type) {
        String name = type.getName();
        String pkg = type.getPackageName();
        return pkg.isEmpty() ? name : name.substring(pkg.length() + 1);
    }

    static String name(Field field) {
        return name(field.getDeclaringClass()) + "." + field.getName();
    }

    static String name(Executable executable) {
        String params = Stream.of(executable.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        String simple = executable instanceof Method ? executable.getName()
                : executable.getDeclaringClass().getSimpleName();
        return name(executable.getDeclaringClass()) + "." + simple + "(" + params + ")";
    }

    static String describe(Parameter parameter, int index) {
        return "parameter " + index + " (" + parameter.getType().getSimpleName() + ") of "
                + (parameter.getDeclaringExecutable() instanceof Method ? "method " : "constructor ")
                + name(parameter.getDeclaringExecutable());
    }
}
