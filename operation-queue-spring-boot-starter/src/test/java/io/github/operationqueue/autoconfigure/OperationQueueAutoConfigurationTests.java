package io.github.operationqueue.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.QueuedOperation;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

class OperationQueueAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class));

    @Test
    void createsOneQueueBeanPerConfiguredQueueNamedAfterIt() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote-service.runners=2",
                    "operation-queue.queues.local-cache.runners=1")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBeansOfType(OperationQueue.class)).containsOnlyKeys(
                        "operationQueue.remote-service", "operationQueue.local-cache");
                assertThat(context.getBean("operationQueue.remote-service", OperationQueue.class).name())
                    .isEqualTo("remote-service");
            });
    }

    @Test
    void createsAQueueFromAnEntryWithoutSettingsWithTheDefaults() {
        this.contextRunner.withPropertyValues("operation-queue.queues.reports=", "operation-queue.defaults.runners=2")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueues.class).get("reports");
                assertThat(queue.stats().runners()).isEqualTo(2);
                assertThat(context.getBean(OperationQueueProperties.class).getQueues()).containsKey("reports");
            });
    }

    @Test
    void createsNoQueueWhenNoneIsConfigured() {
        this.contextRunner.run((context) -> {
            assertThat(context).doesNotHaveBean(OperationQueue.class);
            assertThat(context.getBean(OperationQueues.class).names()).isEmpty();
        });
    }

    @Test
    void startsOneRunnerByDefault() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.capacity=0").run((context) -> {
            OperationQueue queue = context.getBean(OperationQueue.class);
            assertThat(queue.stats().runners()).isEqualTo(1);
            assertThat(queue.stats().capacity()).isZero();
        });
    }

    @Test
    void startsTheConfiguredNumberOfRunners() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.runners=100")
            .run((context) -> assertThat(context.getBean(OperationQueue.class).stats().runners()).isEqualTo(100));
    }

    @Test
    void appliesDefaultsToEveryQueue() {
        this.contextRunner
            .withPropertyValues("operation-queue.defaults.runners=4", "operation-queue.defaults.capacity=50",
                    "operation-queue.queues.first.auto-start=true", "operation-queue.queues.second.runners=2")
            .run((context) -> {
                OperationQueues queues = context.getBean(OperationQueues.class);
                assertThat(queues.get("first").stats().runners()).isEqualTo(4);
                assertThat(queues.get("first").stats().capacity()).isEqualTo(50);
                assertThat(queues.get("second").stats().runners()).isEqualTo(2);
                assertThat(queues.get("second").stats().capacity()).isEqualTo(50);
            });
    }

    @Test
    void boundsAQueueWithTheConfiguredCapacity() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.capacity=8")
            .run((context) -> assertThat(context.getBean(OperationQueue.class).stats().capacity()).isEqualTo(8));
    }

    @Test
    void leavesAQueueWithoutRunnersWhenAutoStartIsOff() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote-service.runners=3",
                    "operation-queue.queues.remote-service.auto-start=false")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueue.class);
                assertThat(queue.stats().runners()).isZero();
                assertThat(queue.enqueue(() -> CompletableFuture.completedFuture(null))).succeedsWithin(TIMEOUT);
                assertThat(queue.stats().depth()).isEqualTo(1);
                queue.start(3);
                assertThat(queue.stats().runners()).isEqualTo(3);
            });
    }

    @Test
    void createsNothingWhenDisabled() {
        this.contextRunner
            .withPropertyValues("operation-queue.enabled=false", "operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(OperationQueue.class);
                assertThat(context).doesNotHaveBean(OperationQueues.class);
                assertThat(context).doesNotHaveBean(OperationQueueLifecycle.class);
            });
    }

    @Test
    void createsNoBeanForAQueueThatIsSwitchedOff() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote-service.runners=1",
                    "operation-queue.queues.reports.enabled=false")
            .run((context) -> {
                assertThat(context).hasSingleBean(OperationQueue.class);
                assertThat(context.getBean(OperationQueues.class).names()).containsExactly("remote-service");
                assertThat(context).doesNotHaveBean(OperationQueueNames.queueBeanName("reports"));
            });
    }

    @Test
    void createsOnlyTheQueuesSwitchedBackOnWhenTheDefaultsSwitchThemOff() {
        this.contextRunner
            .withPropertyValues("operation-queue.defaults.enabled=false", "operation-queue.queues.remote-service.enabled=true",
                    "operation-queue.queues.reports.capacity=3")
            .run((context) -> assertThat(context.getBean(OperationQueues.class).names())
                .containsExactly("remote-service"));
    }

    @Test
    void createsNothingWhenTheCoreIsAbsent() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(OperationQueue.class))
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> assertThat(context).doesNotHaveBean(OperationQueueLifecycle.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnRegistry() {
        this.contextRunner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(OperationQueues.class);
            assertThat(context).getBean(OperationQueues.class).isSameAs(UserRegistryConfiguration.REGISTRY);
        });
    }

    @Test
    void leavesTheApplicationsOwnQueueAloneAndListsItInTheRegistry() {
        this.contextRunner.withUserConfiguration(UserQueueConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.runners=2")
            .run((context) -> {
                OperationQueue own = context.getBean("ownQueue", OperationQueue.class);
                assertThat(own.stats().runners()).as("the lifecycle does not start it").isZero();
                OperationQueues registry = context.getBean(OperationQueues.class);
                assertThat(registry.names()).containsExactly("own", "remote-service");
                assertThat(registry.get("own")).isSameAs(own);
                context.close();
                assertThat(own.stats().stopped()).as("the lifecycle does not stop it").isFalse();
            });
    }

    @Test
    void listsNoInstanceOfAPrototypeQueueBeanInTheRegistry() {
        this.contextRunner.withUserConfiguration(PrototypeQueueConfiguration.class).run((context) -> {
            assertThat(context.getBean(OperationQueues.class).find("per-call"))
                .as("which instance would it be? The registry would list a queue nobody uses")
                .isEmpty();
            assertThat(context.getBean(PrototypeQueueConfiguration.class).created).as("none created at startup")
                .hasValue(0);
        });
    }

    @Test
    void injectsAQueueByItsNameAsQualifier() {
        this.contextRunner.withUserConfiguration(QualifiedInjectionConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.runners=1",
                    "operation-queue.queues.local-cache.runners=1")
            .run((context) -> {
                QueueUser user = context.getBean(QueueUser.class);
                assertThat(user.queue().name()).isEqualTo("remote-service");
            });
    }

    @Test
    void injectsTheOnlyQueueWithoutAQualifier() {
        this.contextRunner.withUserConfiguration(UnqualifiedInjectionConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> assertThat(context.getBean(QueueUser.class).queue().name())
                .isEqualTo("remote-service"));
    }

    @Test
    void neverReplacesAnApplicationBeanThatHasTheQueuesName() {
        this.contextRunner.withBean("datasource", String.class, () -> "the application's bean")
            .withPropertyValues("operation-queue.queues.datasource.runners=1")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean("datasource")).isEqualTo("the application's bean");
                assertThat(context.getBean(OperationQueues.class).get("datasource"))
                    .isSameAs(context.getBean("operationQueue.datasource"));
            });
    }

    @Test
    void performsOperationsOnTheApplicationTaskExecutorByDefault() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.runners=1").run((context) -> {
            ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
            String thread = context.getBean(OperationQueue.class)
                .submitBlocking(() -> Thread.currentThread().getName())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(thread).startsWith(executor.getThreadNamePrefix());
        });
    }

    @Test
    void performsOperationsOnTheNamedExecutor() {
        this.contextRunner.withUserConfiguration(NamedExecutorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.executor=remoteExecutor")
            .run((context) -> {
                String thread = context.getBean(OperationQueue.class)
                    .submitBlocking(() -> Thread.currentThread().getName())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(thread).startsWith("remote-");
            });
    }

    @Test
    void givesEachRunnerTheConfiguredBudget() {
        this.contextRunner.withUserConfiguration(CountingExecutorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.executor=countingExecutor",
                    "operation-queue.queues.remote-service.auto-start=false",
                    "operation-queue.queues.remote-service.budget=1")
            .run((context) -> assertThat(dispatchesToPerformFive(context.getBean(OperationQueue.class),
                    context.getBean(CountingExecutor.class)))
                .as("one dispatch per operation")
                .isGreaterThanOrEqualTo(5));
    }

    @Test
    void letsARunnerPerformABacklogOfFiveInOneDispatchByDefault() {
        this.contextRunner.withUserConfiguration(CountingExecutorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.executor=countingExecutor",
                    "operation-queue.queues.remote-service.auto-start=false")
            .run((context) -> assertThat(dispatchesToPerformFive(context.getBean(OperationQueue.class),
                    context.getBean(CountingExecutor.class)))
                .as("the start, and the wake-up at stop")
                .isLessThanOrEqualTo(2));
    }

    /** Queues five blocking operations, then starts one runner and drains: how many dispatches did that take? */
    private static int dispatchesToPerformFive(OperationQueue queue, CountingExecutor executor) throws Exception {
        for (int i = 0; i < 5; i++) {
            queue.enqueue(QueuedOperation.of(() -> {
            }));
        }
        queue.start(1);
        queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(queue.stats().completed()).isEqualTo(5);
        return executor.executed.get();
    }

    @Test
    void takesTheExecutorFromTheDefaults() {
        this.contextRunner.withUserConfiguration(NamedExecutorConfiguration.class)
            .withPropertyValues("operation-queue.defaults.executor=remoteExecutor",
                    "operation-queue.queues.remote-service.runners=1")
            .run((context) -> assertThat(context.getBean(OperationQueue.class)
                .submitBlocking(() -> Thread.currentThread().getName())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).startsWith("remote-"));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void performsOperationsOnVirtualThreadsWhenTheApplicationUsesThem() {
        this.contextRunner
            .withPropertyValues("spring.threads.virtual.enabled=true", "operation-queue.queues.remote-service.runners=4")
            .run((context) -> {
                assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(SimpleAsyncTaskExecutor.class);
                Method isVirtual = Thread.class.getMethod("isVirtual");
                Object virtual = context.getBean(OperationQueue.class)
                    .submitBlocking(() -> isVirtual.invoke(Thread.currentThread()))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(virtual).isEqualTo(true);
            });
    }

    @Test
    void appliesCustomizersLastAndInOrder() {
        this.contextRunner.withUserConfiguration(CustomizerConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.capacity=3")
            .run((context) -> {
                assertThat(context.getBean(OperationQueue.class).stats().capacity()).isEqualTo(20);
                assertThat(context.getBean(CustomizerConfiguration.class).calls)
                    .containsExactly("first:remote-service", "second:remote-service");
            });
    }

    @Test
    void appliesOperationDecoratorBeansToEachOperation() {
        this.contextRunner.withUserConfiguration(DecoratorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                List<String> seen = context.getBean(DecoratorConfiguration.class).seen;
                context.getBean(OperationQueue.class)
                    .submitBlocking(() -> seen.add("perform"))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(seen).containsExactly("operation decorator", "perform");
            });
    }

    @Test
    void appliesOperationDecoratorBeansInTheOrderOfTheirBeanMethods() {
        // @Order on a @Bean method is no annotation of the lambda's class: only the bean factory knows it.
        this.contextRunner.withUserConfiguration(OrderedDecoratorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                List<String> seen = context.getBean(OrderedDecoratorConfiguration.class).seen;
                context.getBean(OperationQueue.class)
                    .submitBlocking(() -> seen.add("perform"))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(seen).as("the lowest order innermost").containsExactly("order 2", "order 1", "perform");
            });
    }

    @Test
    void runsEachOperationInsideTheTaskDecoratorOnceAsSpringBootAppliesItToItsExecutor() {
        this.contextRunner.withUserConfiguration(NestingTaskDecoratorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueue.class);
                for (int i = 0; i < 3; i++) {
                    assertThat(queue.submitBlocking(NestingTaskDecoratorConfiguration.DEPTH::get)
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("task decorators around perform()").isEqualTo(1);
                }
            });
    }

    @Test
    void leavesTaskDecoratorsToTheExecutorLikeSpringBootDoes() {
        // Spring Boot applies TaskDecorator beans to its own executor only; neither does the queue to another.
        this.contextRunner.withUserConfiguration(NamedExecutorConfiguration.class, NestingTaskDecoratorConfiguration.class)
            .withPropertyValues("operation-queue.queues.remote-service.executor=remoteExecutor")
            .run((context) -> assertThat(context.getBean(OperationQueue.class)
                .submitBlocking(NestingTaskDecoratorConfiguration.DEPTH::get)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero());
    }

    @Test
    void carriesTheEnqueuersMdcIntoPerform() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.runners=1").run((context) -> {
            OperationQueue queue = context.getBean(OperationQueue.class);
            MDC.put("request", "r-42");
            try {
                assertThat(queue.submitBlocking(() -> MDC.get("request")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("r-42");
            }
            finally {
                MDC.remove("request");
            }
            assertThat(queue.submitBlocking(() -> MDC.get("request")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("an enqueuer without the value does not see the previous operation's").isNull();
        });
    }

    @Test
    void propagatesTheMdcWithoutRegisteringAnAccessorInTheJvmWideRegistry() {
        // Reactor and other libraries read the global registry; the starter keeps a registry of its own.
        List<Object> globalKeys = globalThreadLocalAccessorKeys();
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.runners=1").run((context) -> {
            MDC.put("request", "r-7");
            try {
                assertThat(context.getBean(OperationQueue.class)
                    .submitBlocking(() -> MDC.get("request"))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("r-7");
            }
            finally {
                MDC.remove("request");
            }
            assertThat(globalThreadLocalAccessorKeys()).isEqualTo(globalKeys)
                .doesNotContain(Slf4jThreadLocalAccessor.KEY);
        });
    }

    private static List<Object> globalThreadLocalAccessorKeys() {
        return ContextRegistry.getInstance()
            .getThreadLocalAccessors()
            .stream()
            .map((accessor) -> (Object) accessor.key())
            .toList();
    }

    @Test
    void leavesTheMdcBehindWhenContextPropagationIsOff() {
        this.contextRunner
            .withPropertyValues("operation-queue.propagate-context=false",
                    "operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(ContextPropagatingOperationDecorator.class);
                MDC.put("request", "r-42");
                try {
                    assertThat(context.getBean(OperationQueue.class)
                        .submitBlocking(() -> MDC.get("request"))
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNull();
                }
                finally {
                    MDC.remove("request");
                }
            });
    }

    @Test
    void doesNotPropagateContextWithoutTheContextPropagationLibrary() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.context"))
            .withPropertyValues("operation-queue.queues.remote-service.runners=1")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(ContextPropagatingOperationDecorator.class);
                assertThat(context).hasSingleBean(OperationQueue.class);
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRegistryConfiguration {

        static final OperationQueues REGISTRY = new OperationQueues();

        @Bean
        OperationQueues myRegistry() {
            return REGISTRY;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserQueueConfiguration {

        @Bean
        OperationQueue ownQueue() {
            return OperationQueue.builder().name("own").executor(Runnable::run).build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeQueueConfiguration {

        final AtomicInteger created = new AtomicInteger();

        @Bean
        @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
        OperationQueue perCallQueue() {
            this.created.incrementAndGet();
            return OperationQueue.builder().name("per-call").executor(Runnable::run).build();
        }

    }

    record QueueUser(OperationQueue queue) {
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedInjectionConfiguration {

        @Bean
        QueueUser queueUser(@Qualifier("remote-service") OperationQueue queue) {
            return new QueueUser(queue);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UnqualifiedInjectionConfiguration {

        @Bean
        QueueUser queueUser(OperationQueue queue) {
            return new QueueUser(queue);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class CountingExecutorConfiguration {

        @Bean
        CountingExecutor countingExecutor() {
            return new CountingExecutor();
        }

    }

    /** Runs each task on a thread of its own and counts them: the queue's dispatches. */
    static final class CountingExecutor implements Executor {

        final AtomicInteger executed = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            this.executed.incrementAndGet();
            new Thread(task, "counted-" + this.executed.get()).start();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class NamedExecutorConfiguration {

        @Bean
        ThreadPoolTaskExecutor remoteExecutor() {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setThreadNamePrefix("remote-");
            executor.setCorePoolSize(2);
            return executor;
        }

        @Bean
        ThreadPoolTaskExecutor applicationTaskExecutor() {
            return new ThreadPoolTaskExecutor();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        OperationQueueCustomizer secondCustomizer() {
            return (name, builder) -> {
                this.calls.add("second:" + name);
                builder.capacity(20);
            };
        }

        @Bean
        @Order(1)
        OperationQueueCustomizer firstCustomizer() {
            return (name, builder) -> {
                this.calls.add("first:" + name);
                builder.capacity(10);
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class DecoratorConfiguration {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        OperationDecorator recordingDecorator() {
            return (operation) -> () -> {
                this.seen.add("operation decorator");
                return operation.perform();
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedDecoratorConfiguration {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        OperationDecorator secondDecorator() {
            return recording("order 2");
        }

        @Bean
        @Order(1)
        OperationDecorator firstDecorator() {
            return recording("order 1");
        }

        private OperationDecorator recording(String label) {
            return (operation) -> () -> {
                this.seen.add(label);
                return operation.perform();
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class NestingTaskDecoratorConfiguration {

        /** How many layers of the decorator the current thread runs in. */
        static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);

        @Bean
        TaskDecorator nestingTaskDecorator() {
            return (runnable) -> () -> {
                DEPTH.set(DEPTH.get() + 1);
                try {
                    runnable.run();
                }
                finally {
                    DEPTH.set(DEPTH.get() - 1);
                }
            };
        }

    }

}
