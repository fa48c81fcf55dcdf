package io.github.ltxkit.junit.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.StorageFault;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link LitestreamDatabase} and {@link StorageFault}: it creates the declared
 * databases in their scopes, injects fields and parameters, arms the storage faults right before each test body
 * (and removes them right after it), and disables tests whose backend cannot run here. Not API: register it through
 * the annotations.
 *
 * <p>Stateless (all state lives in JUnit's stores), so one instance serves any number of classes, also in
 * parallel.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class DeclarativeExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        InvocationInterceptor, AfterTestExecutionCallback, ParameterResolver {

    /** Creates the extension; JUnit does this. */
    public DeclarativeExtension() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<Declaration> declared;
        try {
            declared = declaredAt(context);
        } catch (RuntimeException e) {
            return ConditionEvaluationResult.enabled("the declarations fail later: " + e.getMessage());
        }
        JvmResources jvm;
        try {
            jvm = JvmResources.of(context);
        } catch (RuntimeException e) {
            return ConditionEvaluationResult.enabled("the configuration fails later: " + e.getMessage());
        }
        for (Declaration d : declared) {
            String problem = unavailable(jvm, d.spec(), context);
            if (problem != null) {
                return ConditionEvaluationResult.disabled(problem);
            }
        }
        return ConditionEvaluationResult.enabled("every backend asked for is available");
    }

    /** Returns why the backend of {@code spec} cannot run here, or {@code null}. */
    static String unavailable(JvmResources jvm, DatabaseSpec spec, ExtensionContext context) {
        if (spec.backend() == Backend.MINIO) {
            String problem = jvm.minioProblem(context.getRequiredTestClass().getClassLoader());
            if (problem != null) {
                return spec.displayName() + " declared by " + spec.origin() + " needs the MINIO backend: " + problem;
            }
        }
        if (spec.backend() == Backend.EXTERNAL && spec.external() == null && jvm.defaults().external() == null) {
            return spec.displayName() + " declared by " + spec.origin() + " needs the EXTERNAL backend, which is "
                    + "not configured: set " + String.join(", ", jvm.defaults().externalMissing());
        }
        return null;
    }

    private static List<Declaration> declaredAt(ExtensionContext context) {
        List<Declaration> out = new ArrayList<>();
        JvmResources jvm = JvmResources.of(context);
        if (context.getTestMethod().isPresent()) {
            Method method = context.getRequiredTestMethod();
            out.addAll(jvm.declarations().of(method).onMethod());
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                Optional<LitestreamDatabase> a = AnnotationSupport.findAnnotation(parameters[i],
                        LitestreamDatabase.class);
                if (a.isPresent()) {
                    out.add(jvm.declarations().of(parameters[i], i, a.get(), false));
                }
            }
        } else if (context.getTestClass().isPresent()) {
            jvm.declarations().of(context.getRequiredTestClass()).all().forEach(out::add);
        }
        return out;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Databases.of(context).prepareClass(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        long start = System.nanoTime();
        Databases databases = Databases.of(context);
        databases.prepareMethod(context);
        JvmResources.of(context).timings().since("beforeEach", start);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        armFaults(extensionContext);
        invocation.proceed();
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        armFaults(extensionContext);
        invocation.proceed();
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        armFaults(extensionContext);
        return invocation.proceed();
    }

    /**
     * Arms the faults of a test right before its body runs, when its parameters are resolved and every database it
     * has exists: those on its classes' database fields, on its classes, on the method and on its parameters, in
     * that order.
     *
     * @throws ExtensionConfigurationException if a fault names a database the test does not have
     */
    static void armFaults(ExtensionContext context) {
        ScopeState scope = Databases.of(context).prepareMethod(context);
        JvmResources jvm = JvmResources.of(context);
        List<ExtensionContext> classes = Databases.classContexts(context);
        for (ExtensionContext c : classes) {
            for (Declarations.OfField f : jvm.declarations().of(c.getRequiredTestClass()).fields()) {
                for (FaultSpec fault : f.declaration().faults()) {
                    arm(scope, fault, f.declaration().name());
                }
            }
        }
        for (ExtensionContext c : classes) {
            for (FaultSpec fault : jvm.declarations().of(c.getRequiredTestClass()).faults()) {
                arm(scope, fault, fault.database());
            }
        }
        for (FaultSpec fault : jvm.declarations().of(context.getRequiredTestMethod()).faults()) {
            arm(scope, fault, fault.database());
        }
        for (ScopeState.PendingFault pending : scope.parameterFaults()) {
            arm(scope, pending.fault(), pending.database());
        }
    }

    /** Arms {@code fault} on the database named {@code database}, or on every database of the test if empty. */
    static void arm(ScopeState scope, FaultSpec fault, String database) {
        TreeSet<String> names = scope.visibleNames();
        if (!database.isEmpty() && !names.contains(database)) {
            throw new ExtensionConfigurationException("@StorageFault(" + fault.fault().getClass().getSimpleName()
                    + ") on " + fault.origin() + " names database '" + database + "', which the test does not have "
                    + "(it has: " + describe(names) + ")");
        }
        for (String name : database.isEmpty() ? List.copyOf(names) : List.of(database)) {
            ManagedDatabase db = ScopeState.join(scope.find(name).orElseThrow().database());
            var faults = db.handle.faults();
            var rule = fault.arm(faults);
            scope.onTestEnd(() -> faults.remove(rule));
        }
    }

    private static String describe(TreeSet<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        return String.join(", ", names.stream().map(DatabaseSpec::displayName).toList());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        ScopeState.of(context).testEnded();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.isAnnotated(LitestreamDatabase.class)
                || parameterContext.isAnnotated(LitestreamDatabase.List.class)) {
            return true;
        }
        if (!Injector.injectable(parameterContext.getParameter().getType())) {
            return false;
        }
        return !prepare(extensionContext).visibleNames().isEmpty();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        long start = System.nanoTime();
        try {
            return resolve(parameterContext, extensionContext);
        } finally {
            JvmResources.of(extensionContext).timings().since("resolveParameter", start);
        }
    }

    private Object resolve(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter parameter = parameterContext.getParameter();
        String where = Declarations.describe(parameter, parameterContext.getIndex());
        if (parameterContext.isAnnotated(LitestreamDatabase.List.class)) {
            throw new ParameterResolutionException(where + " has several @LitestreamDatabase annotations; a "
                    + "parameter receives one database");
        }
        Class<?> type = parameter.getType();
        if (!Injector.injectable(type)) {
            throw new ParameterResolutionException("@LitestreamDatabase " + where + " has type " + type.getName()
                    + "; it can receive " + Injector.TYPES);
        }
        ScopeState scope = prepare(extensionContext);
        Optional<LitestreamDatabase> annotation = parameterContext.findAnnotation(LitestreamDatabase.class);
        ManagedDatabase db;
        if (annotation.isEmpty()) {
            db = defaultDatabase(scope, where);
        } else {
            boolean perClass = scope.level == ScopeState.Level.CLASS;
            Declarations declarations = JvmResources.of(extensionContext).declarations();
            Declaration own = declarations.of(parameter, parameterContext.getIndex(), annotation.get(), perClass);
            Declaration declaration = own;
            if (declaration.reference() && scope.find(declaration.name()).isEmpty()) {
                // a later parameter may declare the database this one refers to
                Parameter[] all = parameterContext.getDeclaringExecutable().getParameters();
                for (int i = 0; i < all.length; i++) {
                    Optional<LitestreamDatabase> other = AnnotationSupport.findAnnotation(all[i],
                            LitestreamDatabase.class);
                    if (i != parameterContext.getIndex() && other.isPresent()
                            && other.get().name().equals(declaration.name())
                            && !Declaration.isReference(other.get())) {
                        declaration = declarations.of(all[i], i, other.get(), perClass);
                        break;
                    }
                }
            }
            ScopeState classScope = ScopeState.of(Databases.classContexts(extensionContext).getLast());
            db = Databases.of(extensionContext).resolve(declaration, scope, classScope, extensionContext);
            List<FaultSpec> ownFaults = own.faults();
            if (!ownFaults.isEmpty()) {
                if (!isTestMethod(parameterContext, extensionContext)) {
                    throw new ParameterResolutionException("@StorageFault on " + where + ": faults on a parameter "
                            + "apply to a test method's body; put them on the test method instead");
                }
                for (FaultSpec fault : ownFaults) {
                    scope.addParameterFault(new ScopeState.PendingFault(fault, declaration.name()));
                }
            }
        }
        try {
            return Injector.value(type, db, scope);
        } catch (SQLException e) {
            throw new ParameterResolutionException("cannot connect " + where + " to " + db.spec.displayName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean isTestMethod(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getTestMethod().filter(m -> m.equals(parameterContext.getDeclaringExecutable()))
                .isPresent();
    }

    private static ManagedDatabase defaultDatabase(ScopeState scope, String where) {
        TreeSet<String> names = scope.visibleNames();
        String name;
        if (names.size() == 1) {
            name = names.first();
        } else if (names.contains("")) {
            name = "";
        } else {
            throw new ParameterResolutionException(where + ": which database? The test has " + describe(names)
                    + "; annotate the parameter with @LitestreamDatabase(name = \"...\")");
        }
        return ScopeState.join(scope.find(name).orElseThrow().database());
    }

    /** Prepares the scope of {@code context} (a method's, or a class's for class-wide parameters) and returns it. */
    private static ScopeState prepare(ExtensionContext context) {
        Databases databases = Databases.of(context);
        if (context.getTestMethod().isPresent()) {
            return databases.prepareMethod(context);
        }
        return databases.prepareClass(context);
    }
}
