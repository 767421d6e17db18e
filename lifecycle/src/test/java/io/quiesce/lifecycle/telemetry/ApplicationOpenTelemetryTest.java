package io.quiesce.lifecycle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApplicationOpenTelemetryTest {

    @Test
    @SuppressWarnings("unchecked")
    void callsTheProducerForTheInstanceItselfSoThatTheSdkCanBeFlushed() {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().build();
        Bean<OpenTelemetry> producer = mock(Bean.class);
        when(producer.create(any())).thenReturn(sdk);
        BeanManager beans = mock(BeanManager.class);
        when(beans.getBeans(OpenTelemetry.class)).thenReturn(Set.of(producer));
        when(beans.resolve(Set.of(producer))).thenAnswer(call -> producer);
        when(beans.createCreationalContext(producer)).thenReturn(mock(CreationalContext.class));

        OpenTelemetry resolved = ApplicationOpenTelemetry.resolve(beans);

        assertThat(resolved).isSameAs(sdk);
        assertThat(TelemetryExport.of(resolved).enabled()).isTrue();
    }

    @Test
    void isTheNoOpWithoutMpTelemetry() {
        OpenTelemetry resolved = ApplicationOpenTelemetry.resolve(mock(BeanManager.class));

        assertThat(resolved).isSameAs(OpenTelemetry.noop());
        assertThat(TelemetryExport.of(resolved).enabled()).isFalse();
    }
}
