package dev.drivelink.emulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;
import java.util.function.Consumer;

/**
 * JUnit 5 extension that runs one emulator per test class:
 * <pre>{@code
 * @RegisterExtension
 * static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient("id", "secret", "http://localhost/cb");
 * }</pre>
 * Registered on a static field it starts before all tests and closes after them; on an instance field it does the
 * same around each test. Test methods may take a {@link GoogleEmulator} parameter.
 */
public final class GoogleEmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final GoogleEmulator.Builder builder;
    private GoogleEmulator emulator;
    private boolean perClass;

    private GoogleEmulatorExtension(GoogleEmulator.Builder builder) {
        this.builder = builder;
    }

    public static GoogleEmulatorExtension withClient(String clientId, String clientSecret, String... redirectUris) {
        return new GoogleEmulatorExtension(GoogleEmulator.builder().port(0).client(clientId, clientSecret, List.of(redirectUris)));
    }

    public static GoogleEmulatorExtension create() {
        return new GoogleEmulatorExtension(GoogleEmulator.builder().port(0));
    }

    /** Further configuration of the emulator before it starts. */
    public GoogleEmulatorExtension configure(Consumer<GoogleEmulator.Builder> customizer) {
        customizer.accept(builder);
        return this;
    }

    /** The running emulator (started on first use if a test asks before the callbacks ran). */
    public synchronized GoogleEmulator emulator() {
        if (emulator == null) {
            emulator = builder.build().start();
        }
        return emulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        emulator();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private synchronized void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == GoogleEmulator.class || type == EmulatorAdmin.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmulatorAdmin.class ? emulator().admin() : emulator();
    }
}
