package io.github.operationqueue.autoconfigure;

import java.util.Optional;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;

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
    void givesAPlainLineInjectionPointNoLine() {
        this.contextRunner.withUserConfiguration(NamedLineConfiguration.class, PlainLineUserConfiguration.class)
            .withPropertyValues("operation-queue.lines.billing=")
            .run((context) -> assertThat(context.getBean(PlainLineUser.class).line).as("no default candidate")
                .isNull());
    }

    @Test
    void injectsIntoAnObjectWhoseTypeIsLearntOnlyWhenItsBeanMethodReturnsIt() {
        // The @Bean method declares Runnable: nothing before creation says that a Job has a @LineScoped field.
        this.contextRunner.withUserConfiguration(InterfaceTypedBeanConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            Job job = (Job) context.getBean(Runnable.class);
            assertThat(job.line).isSameAs(context.getBean(Lines.class).find("job-line").orElseThrow());
            assertThat(job.ownLine.name()).isEqualTo(Job.class.getName());
        });
    }

    @Test
    void injectsIntoABeanThatALaterPostProcessorRegisters() {
        this.contextRunner.withUserConfiguration(LateRegistrationConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LateUser.class).line)
                .isSameAs(context.getBean(Lines.class).find("late-line").orElseThrow());
            assertThat(context.getBean(LateUser.class).constructorLine).isSameAs(context.getBean(LateUser.class).line);
        });
    }

    @Test
    void injectsThroughAnOptionalAndAnObjectProvider() {
        this.contextRunner.withUserConfiguration(WrappedLineConfiguration.class).run((context) -> {
            Line line = context.getBean(Lines.class).find("remote-auth").orElseThrow();
            WrappedLineUser user = context.getBean(WrappedLineUser.class);
            assertThat(user.optional).containsSame(line);
            assertThat(user.provider.getObject()).isSameAs(line);
        });
    }

    @Test
    void injectsIntoAPrototypeEachTimeItIsCreated() {
        this.contextRunner.withUserConfiguration(PrototypeConfiguration.class).run((context) -> {
            PrototypeUser first = context.getBean(PrototypeUser.class);
            PrototypeUser second = context.getBean(PrototypeUser.class);
            assertThat(first).isNotSameAs(second);
            assertThat(first.line).isNotNull().isSameAs(second.line);
        });
    }

    @Test
    void reportsALineThatNothingCanInjectWithItsNameAndTheFix() {
        this.contextRunner.withUserConfiguration(NamedLineConfiguration.class)
            .withPropertyValues("operation-queue.enabled=false")
            .run((context) -> {
                FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
                assertThat(analysis.getDescription()).contains("line 'remote-auth'")
                    .contains("parameter 0 of the constructor of " + ConstructorUser.class.getName())
                    .contains("operation-queue.enabled=false");
                assertThat(analysis.getAction()).contains("operation-queue.enabled");
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

    static class Job implements Runnable {

        @LineScoped("job-line")
        Line line;

        @LineScoped
        Line ownLine;

        @Override
        public void run() {
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class InterfaceTypedBeanConfiguration {

        @Bean
        Runnable job() {
            return new Job();
        }

    }

    static class LateUser {

        final Line constructorLine;

        @LineScoped("late-line")
        Line line;

        LateUser(@LineScoped("late-line") Line constructorLine) {
            this.constructorLine = constructorLine;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class LateRegistrationConfiguration {

        /** Runs after every registry post-processor, the starter's included, as a plain factory post-processor. */
        @Bean
        static BeanFactoryPostProcessor lateRegistrar() {
            return (beanFactory) -> ((BeanDefinitionRegistry) beanFactory).registerBeanDefinition("lateUser",
                    new RootBeanDefinition(LateUser.class));
        }

    }

    static class WrappedLineUser {

        @LineScoped("remote-auth")
        Optional<Line> optional;

        @LineScoped("remote-auth")
        ObjectProvider<Line> provider;

    }

    @Configuration(proxyBeanMethods = false)
    @Import(WrappedLineUser.class)
    static class WrappedLineConfiguration {

    }

    static class PrototypeUser {

        @LineScoped("remote-auth")
        Line line;

    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeConfiguration {

        @Bean
        @Scope(BeanDefinition.SCOPE_PROTOTYPE)
        PrototypeUser prototypeUser() {
            return new PrototypeUser();
        }

    }

}
