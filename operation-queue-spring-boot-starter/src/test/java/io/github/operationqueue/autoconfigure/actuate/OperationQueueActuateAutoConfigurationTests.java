package io.github.operationqueue.autoconfigure.actuate;

import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.line.Lines;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OperationQueueActuateAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class, OperationQueueEndpointAutoConfiguration.class,
                OperationQueueHealthContributorAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.mail.runners=1", "operation-queue.queues.reports.runners=1");

    @Test
    void createsBothEndpointsWhenTheyAreExposed() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=operationqueues,lines")
            .run((context) -> {
                assertThat(context).hasSingleBean(OperationQueuesEndpoint.class).hasSingleBean(LinesEndpoint.class);
                assertThat(context.getBean(OperationQueuesEndpoint.class).queues().queues())
                    .containsOnlyKeys("mail", "reports");
            });
    }

    @Test
    void createsNoEndpointThatIsNotExposed() {
        this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OperationQueuesEndpoint.class)
            .doesNotHaveBean(LinesEndpoint.class));
    }

    @Test
    void createsNoEndpointWhoseAccessIsNone() {
        this.contextRunner
            .withPropertyValues("management.endpoints.web.exposure.include=operationqueues,lines",
                    "management.endpoint.operationqueues.access=NONE")
            .run((context) -> assertThat(context).doesNotHaveBean(OperationQueuesEndpoint.class)
                .hasSingleBean(LinesEndpoint.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnEndpoints() {
        this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=operationqueues,lines")
            .withUserConfiguration(UserEndpoints.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(OperationQueuesEndpoint.class).hasSingleBean(LinesEndpoint.class);
                assertThat(context).hasBean("userQueuesEndpoint").hasBean("userLinesEndpoint");
            });
    }

    @Test
    void contributesOneHealthEntryPerQueueUnderOperationQueues() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME);
            CompositeHealthContributor contributor = context.getBean(
                    OperationQueueHealthContributorAutoConfiguration.BEAN_NAME, CompositeHealthContributor.class);
            assertThat(contributor.stream().map(CompositeHealthContributor.Entry::name)).containsExactly("mail",
                    "reports");
            assertThat(contributor.getContributor("no-such-queue")).isNull();
        });
    }

    @Test
    void turnsEveryStoppedQueueDownWhenOptedInForAllQueues() {
        this.contextRunner.withPropertyValues("management.health.operationqueues.down-when-stopped=true")
            .run((context) -> {
                context.getBean(OperationQueues.class).get("mail").stop().get(10, TimeUnit.SECONDS);
                HealthIndicator mail = (HealthIndicator) context
                    .getBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME, CompositeHealthContributor.class)
                    .getContributor("mail");
                assertThat(mail.health().getStatus()).isEqualTo(Status.DOWN);
            });
    }

    @Test
    void failsTheStartForAnOptedInQueueThatDoesNotExist() {
        this.contextRunner.withPropertyValues("management.health.operationqueues.down-when-stopped-queues=mial")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .hasMessageContaining("management.health.operationqueues.down-when-stopped-queues")
                .hasMessageContaining("No operation queue is named 'mial'; known queues: [mail, reports]"));
    }

    @Test
    void reportsAStoppedQueueWithoutTurningDownByDefault() {
        this.contextRunner.run((context) -> {
            context.getBean(OperationQueues.class).get("mail").stop().get(10, TimeUnit.SECONDS);
            HealthIndicator mail = (HealthIndicator) context
                .getBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME, CompositeHealthContributor.class)
                .getContributor("mail");
            assertThat(mail.health().getStatus().getCode()).isEqualTo("STOPPED");
        });
    }

    @Test
    void contributesNoHealthWhenTheIndicatorIsDisabled() {
        this.contextRunner.withPropertyValues("management.health.operationqueues.enabled=false")
            .run((context) -> assertThat(context)
                .doesNotHaveBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME));
    }

    @Test
    void contributesNoHealthWhenHealthIndicatorsAreDisabledByDefault() {
        this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
            .run((context) -> assertThat(context)
                .doesNotHaveBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME));
    }

    @Test
    void backsOffWhenTheApplicationDefinesAnOperationQueuesHealthIndicator() {
        this.contextRunner.withBean("operationQueuesHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
            .run((context) -> assertThat(context)
                .doesNotHaveBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME)
                .hasBean("operationQueuesHealthIndicator"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnHealthContributor() {
        this.contextRunner.withUserConfiguration(UserHealthContributor.class)
            .run((context) -> assertThat(context.getBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME))
                .isSameAs(context.getBean(UserHealthContributor.class).contributor));
    }

    @Test
    void startsTheQueuesWithoutTheActuatorOnTheClasspath() {
        this.contextRunner
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                    "org.springframework.boot.health"))
            .withPropertyValues("management.endpoints.web.exposure.include=*")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(OperationQueuesEndpoint.class)
                    .doesNotHaveBean(LinesEndpoint.class)
                    .doesNotHaveBean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME);
                assertThat(context.getBean(OperationQueues.class).get("mail").stats().runners()).isEqualTo(1);
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserEndpoints {

        @Bean
        OperationQueuesEndpoint userQueuesEndpoint(OperationQueues queues) {
            return new OperationQueuesEndpoint(queues, null);
        }

        @Bean
        LinesEndpoint userLinesEndpoint(Lines lines) {
            return new LinesEndpoint(lines);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserHealthContributor {

        final OperationQueuesHealthContributor contributor = new OperationQueuesHealthContributor(
                new OperationQueues(), () -> true);

        @Bean(OperationQueueHealthContributorAutoConfiguration.BEAN_NAME)
        OperationQueuesHealthContributor operationQueuesHealthContributor() {
            return this.contributor;
        }

    }

}
