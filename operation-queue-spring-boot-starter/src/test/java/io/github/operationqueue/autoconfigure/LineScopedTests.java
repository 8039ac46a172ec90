package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

import static org.assertj.core.api.Assertions.assertThat;

class LineScopedTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class));

    @Test
    void injectsOneSharedLineIntoEveryInjectionPointWithTheSameName() {
        this.contextRunner.withUserConfiguration(NamedLineConfiguration.class).run((context) -> {
            Line line = context.getBean(Lines.class).find("remote-auth").orElseThrow();
            assertThat(line.name()).isEqualTo("remote-auth");
            assertThat(context.getBean(ConstructorUser.class).line).isSameAs(line);
            assertThat(context.getBean(FieldUser.class).line).isSameAs(line);
            assertThat(context.getBean(BeanMethodUser.class).line()).isSameAs(line);
        });
    }

    @Test
    void injectsTheDeclaringClassesOwnLineWhenNoNameIsGiven() {
        this.contextRunner.withUserConfiguration(UnnamedLineConfiguration.class).run((context) -> {
            Line constructorLine = context.getBean(UnnamedConstructorUser.class).line;
            Line fieldLine = context.getBean(UnnamedFieldUser.class).line;
            Line beanMethodLine = context.getBean(BeanMethodUser.class).line();
            assertThat(constructorLine.name()).isEqualTo(UnnamedConstructorUser.class.getName());
            assertThat(fieldLine.name()).isEqualTo(UnnamedFieldUser.class.getName());
            assertThat(beanMethodLine.name()).isEqualTo(UnnamedLineConfiguration.class.getName());
            assertThat(context.getBean(Lines.class).names()).containsExactlyInAnyOrder(
                    UnnamedConstructorUser.class.getName(), UnnamedFieldUser.class.getName(),
                    UnnamedLineConfiguration.class.getName());
        });
    }

    @Test
    void namesTheLineOfABeanMethodInAProxiedConfigurationAfterTheConfigurationClass() {
        this.contextRunner.withUserConfiguration(ProxiedConfiguration.class)
            .run((context) -> assertThat(context.getBean(BeanMethodUser.class).line().name())
                .isEqualTo(ProxiedConfiguration.class.getName()));
    }

    @Test
    void createsTheConfiguredLinesAtStartup() {
        this.contextRunner.withPropertyValues("operation-queue.lines.remote-auth=", "operation-queue.lines.billing=")
            .run((context) -> assertThat(context.getBean(Lines.class).names()).containsExactly("billing",
                    "remote-auth"));
    }

    @Test
    void usesTheApplicationsOwnLinesRegistry() {
        this.contextRunner.withUserConfiguration(UserLinesConfiguration.class, NamedLineConfiguration.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(Lines.class);
                assertThat(context.getBean(ConstructorUser.class).line)
                    .isSameAs(UserLinesConfiguration.LINES.find("remote-auth").orElseThrow());
            });
    }

    @Test
    void reportsLazyOnALineScopedParameterAsACodeProblem() {
        // Line is final, so Spring cannot make the lazy-resolution proxy that @Lazy asks for.
        this.contextRunner.withUserConfiguration(LazyLineConfiguration.class).run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription()).contains("misused in the application's code")
                .contains("parameter 0 of the constructor of " + LazyConstructorUser.class.getName())
                .contains("final");
            assertThat(analysis.getAction()).contains("Remove @Lazy").contains("move it to the parameters");
        });
    }

    @Test
    void reportsLazyOnALineScopedFieldAsACodeProblem() {
        this.contextRunner.withUserConfiguration(LazyFieldConfiguration.class).run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription()).contains("misused in the application's code")
                .contains("field " + LazyFieldUser.class.getName() + ".line")
                .contains("final");
            assertThat(analysis.getAction()).contains("Remove @Lazy");
        });
    }

    @Test
    void registersALineBeanPerConfiguredAndInjectedNameThatOnlyLineScopedPointsGet() {
        this.contextRunner.withUserConfiguration(NamedLineConfiguration.class, PlainLineUserConfiguration.class)
            .withPropertyValues("operation-queue.lines.billing=")
            .run((context) -> {
                assertThat(context.getBeanNamesForType(Line.class)).containsExactlyInAnyOrder(
                        "operationQueueLine.billing", "operationQueueLine.remote-auth",
                        LineBeanDefinitionPostProcessor.DECLARING_CLASS_LINE_BEAN_NAME);
                assertThat(context.getBean(PlainLineUser.class).line).as("no default candidate").isNull();
            });
    }

    @Test
    void injectsANamedLineIntoAFieldOfAnObjectThatABeanMethodReturns() {
        // The object's class is no bean definition's class: the scan must reach it through the @Bean method.
        this.contextRunner.withUserConfiguration(BeanMethodFieldConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BillingClient.class).line.name()).isEqualTo("billing");
            assertThat(context.getBean(BillingClient.class).line)
                .isSameAs(context.getBean(Lines.class).find("billing").orElseThrow());
        });
    }

    @Test
    void needsNoReplacementAutowireCandidateResolver() {
        this.contextRunner.withUserConfiguration(NamedLineConfiguration.class).run((context) -> {
            DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
            assertThat(beanFactory.getAutowireCandidateResolver().getClass().getName())
                .startsWith("org.springframework.");
        });
    }

    @Test
    void reportsLineScopedOnSomethingOtherThanALine() {
        this.contextRunner.withUserConfiguration(NotALineConfiguration.class).run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription()).contains("misused in the application's code")
                .contains("field " + NotALineUser.class.getName() + ".line")
                .contains("java.lang.String")
                .contains("which is not the type " + Line.class.getName())
                .doesNotContain("a io.");
            assertThat(analysis.getAction()).contains("Declare field " + NotALineUser.class.getName() + ".line as "
                    + Line.class.getName());
        });
    }

    @Test
    void reportsALineScopedNameThatIsNotKebabCase() {
        this.contextRunner.withUserConfiguration(MalformedNameConfiguration.class).run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription()).contains("parameter 0 of the constructor of "
                    + MalformedNameUser.class.getName())
                .contains("'remoteAuth'")
                .contains("not kebab-case");
            assertThat(analysis.getAction()).contains("@LineScoped(\"remote-auth\")");
        });
    }

    static class ConstructorUser {

        final Line line;

        ConstructorUser(@LineScoped("remote-auth") Line line) {
            this.line = line;
        }

    }

    static class FieldUser {

        @LineScoped("remote-auth")
        Line line;

    }

    record BeanMethodUser(Line line) {
    }

    @Configuration(proxyBeanMethods = false)
    @Import({ ConstructorUser.class, FieldUser.class })
    static class NamedLineConfiguration {

        @Bean
        BeanMethodUser beanMethodUser(@LineScoped("remote-auth") Line line) {
            return new BeanMethodUser(line);
        }

    }

    static class BillingClient {

        @LineScoped("billing")
        Line line;

    }

    @Configuration(proxyBeanMethods = false)
    static class BeanMethodFieldConfiguration {

        @Bean
        BillingClient billingClient() {
            return new BillingClient();
        }

    }

    static class UnnamedConstructorUser {

        final Line line;

        UnnamedConstructorUser(@LineScoped Line line) {
            this.line = line;
        }

    }

    static class UnnamedFieldUser {

        @LineScoped
        Line line;

    }

    @Configuration(proxyBeanMethods = false)
    @Import({ UnnamedConstructorUser.class, UnnamedFieldUser.class })
    static class UnnamedLineConfiguration {

        @Bean
        BeanMethodUser beanMethodUser(@LineScoped Line line) {
            return new BeanMethodUser(line);
        }

    }

    @Configuration
    static class ProxiedConfiguration {

        @Bean
        BeanMethodUser beanMethodUser(@LineScoped Line line) {
            return new BeanMethodUser(line);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserLinesConfiguration {

        static final Lines LINES = new Lines();

        @Bean
        Lines myLines() {
            return LINES;
        }

    }

    static class LazyConstructorUser {

        final Line line;

        @Lazy
        LazyConstructorUser(@LineScoped("remote-auth") Line line) {
            this.line = line;
        }

    }

    @Configuration(proxyBeanMethods = false)
    @Import(LazyConstructorUser.class)
    static class LazyLineConfiguration {

    }

    static class LazyFieldUser {

        @Lazy
        @LineScoped("remote-auth")
        Line line;

    }

    @Configuration(proxyBeanMethods = false)
    @Import(LazyFieldUser.class)
    static class LazyFieldConfiguration {

    }

    static class PlainLineUser {

        @Autowired(required = false)
        Line line;

    }

    @Configuration(proxyBeanMethods = false)
    @Import(PlainLineUser.class)
    static class PlainLineUserConfiguration {

    }

    static class NotALineUser {

        @LineScoped("remote-auth")
        String line;

    }

    @Configuration(proxyBeanMethods = false)
    @Import(NotALineUser.class)
    static class NotALineConfiguration {

    }

    static class MalformedNameUser {

        MalformedNameUser(@LineScoped("remoteAuth") Line line) {
        }

    }

    @Configuration(proxyBeanMethods = false)
    @Import(MalformedNameUser.class)
    static class MalformedNameConfiguration {

    }

}
