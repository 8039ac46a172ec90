package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.Limit;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.LimitAlgorithm;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.Queue;
import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.RemoteBackOffException;
import io.github.operationqueue.flow.netflix.NetflixConcurrencyLimits;
import io.github.operationqueue.flow.resilience4j.Resilience4jStartRate;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * One queue's flow control after the defaults were applied and the values checked: its concurrency
 * limit, its start rate and the failures its limit counts as overload, each {@code null} when unset (a
 * queue without them pays nothing for them).
 *
 * @param limit the concurrency limit, or {@code null}
 * @param rate the start rate, or {@code null}
 * @param overloadOn the exception types that count as overload, the built-in ones included, or
 *        {@code null} for the queue's default
 */
record FlowControlSettings(@Nullable LimitSettings limit, @Nullable RateSettings rate,
        @Nullable List<Class<? extends Throwable>> overloadOn) {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*([a-z]+)\\s*");

    private static final int ADAPTIVE_INITIAL = 20;

    /**
     * A checked concurrency limit.
     *
     * @param algorithm the algorithm
     * @param min the lowest limit
     * @param max the highest limit, at most the runners
     * @param initial the limit to start from
     */
    record LimitSettings(LimitAlgorithm algorithm, int min, int max, int initial) {

        ConcurrencyLimit create() {
            return switch (this.algorithm) {
                case FIXED -> ConcurrencyLimit.fixed(this.initial);
                case BBR -> ConcurrencyLimit.bbr(this.min, this.max, this.initial);
                case GRADIENT2 -> NetflixConcurrencyLimits.gradient2(this.min, this.max, this.initial);
                case VEGAS -> NetflixConcurrencyLimits.vegas(this.min, this.max, this.initial);
                case AIMD -> NetflixConcurrencyLimits.aimd(this.min, this.max, this.initial);
            };
        }
    }

    /**
     * A checked start rate.
     *
     * @param permits operations per period
     * @param period the period
     * @param burst how many may start at once
     */
    record RateSettings(int permits, Duration period, int burst) {

        /**
         * Parses a rate such as {@code 50/s} or {@code 600 / min}, with {@code burst}; {@code null} if it
         * is malformed or counts less than 1.
         */
        static @Nullable RateSettings parse(String rate, int burst) {
            Matcher matcher = RATE.matcher(rate.toLowerCase(Locale.ROOT));
            Duration period = matcher.matches() ? FlowControlSettings.period(matcher.group(2)) : null;
            int permits = (period != null) ? Integer.parseInt(matcher.group(1)) : 0;
            return (period != null && permits >= 1) ? new RateSettings(permits, period, burst) : null;
        }

        boolean burstWithinCount() {
            return this.burst >= 1 && this.burst <= this.permits;
        }

        /** Whether a permit's share of the period is at least a nanosecond, which the rate limiter needs. */
        boolean schedulable() {
            return !this.period.multipliedBy(this.burst).dividedBy(this.permits).isZero();
        }
    }

    /**
     * Gives {@code builder} this limit, rate and overload types; called before the customizers, which
     * may replace them.
     */
    @SuppressWarnings("unchecked")
    void applyTo(OperationQueue.Builder builder) {
        if (this.limit != null) {
            builder.limit(this.limit.create());
        }
        if (this.rate != null) {
            builder.rate(Resilience4jStartRate.of(this.rate.permits(), this.rate.period(), this.rate.burst()));
        }
        if (this.overloadOn != null) {
            builder.overloadOn(this.overloadOn.toArray(new Class[0]));
        }
    }

    /**
     * Resolves and checks a queue's flow control; each bad value is reported at the property it came
     * from.
     *
     * @param runners the queue's checked runners, the ceiling of its limit
     * @param at the queue's settings, own or default, and their property paths
     * @param classLoader the class loader the optional libraries must be found in
     * @throws InvalidConfigurationPropertyValueException for a value out of range or malformed
     */
    static FlowControlSettings resolve(int runners, QueueSettings.Setting at, @Nullable ClassLoader classLoader) {
        return new FlowControlSettings(resolveLimit(runners, at, classLoader), resolveRate(at, classLoader),
                resolveOverloadOn(at, classLoader));
    }

    private static @Nullable LimitSettings resolveLimit(int runners, QueueSettings.Setting at,
            @Nullable ClassLoader classLoader) {
        Function<Queue, Object> algorithmOf = limitField(Limit::getAlgorithm);
        Function<Queue, Object> minOf = limitField(Limit::getMin);
        Function<Queue, Object> maxOf = limitField(Limit::getMax);
        Function<Queue, Object> initialOf = limitField(Limit::getInitial);
        LimitAlgorithm algorithm = (LimitAlgorithm) at.value(algorithmOf);
        Integer min = (Integer) at.value(minOf);
        Integer max = (Integer) at.value(maxOf);
        Integer initial = (Integer) at.value(initialOf);
        if (algorithm == null && min == null && max == null && initial == null) {
            return null;
        }
        if (algorithm == null) {
            algorithm = LimitAlgorithm.FIXED;
        }
        String maxPath = at.path("limit.max", maxOf);
        if (max != null && max > runners) {
            throw new InvalidConfigurationPropertyValueException(maxPath, max,
                    "limit.max must not exceed the queue's runners (" + runners + "): runners are the ceiling, no "
                            + "more operations can be in flight than there are runners. Set " + maxPath
                            + " to at most " + runners + ", or raise " + at.path("runners", Queue::getRunners) + ".");
        }
        int highest = (max != null) ? max : runners;
        int lowest = (min != null) ? min : 1;
        String minPath = at.path("limit.min", minOf);
        if (lowest < 1 || lowest > highest) {
            throw new InvalidConfigurationPropertyValueException(minPath, min,
                    "limit.min must be at least 1 and at most limit.max (" + highest + "). Set " + minPath
                            + " to a value from 1 to " + highest + ".");
        }
        int start = (initial != null) ? initial
                : (algorithm == LimitAlgorithm.FIXED) ? highest : Math.max(lowest, Math.min(highest, ADAPTIVE_INITIAL));
        String initialPath = at.path("limit.initial", initialOf);
        if (start < lowest || start > highest) {
            throw new InvalidConfigurationPropertyValueException(initialPath, initial,
                    "limit.initial must be between limit.min (" + lowest + ") and limit.max (" + highest + "). Set "
                            + initialPath + " within them.");
        }
        if (isNetflix(algorithm) && !ClassUtils.isPresent("com.netflix.concurrency.limits.Limit", classLoader)) {
            String algorithmPath = at.path("limit.algorithm", algorithmOf);
            throw new InvalidConfigurationPropertyValueException(algorithmPath, algorithm.name().toLowerCase(Locale.ROOT),
                    "the limit algorithms gradient2, vegas and aimd are Netflix's and need its concurrency-limits, "
                            + "which is not on the classpath. Add the dependency "
                            + "com.netflix.concurrency-limits:concurrency-limits-core, or set " + algorithmPath
                            + " to bbr (adaptive, needs no library) or fixed.");
        }
        return new LimitSettings(algorithm, lowest, highest, start);
    }

    private static boolean isNetflix(LimitAlgorithm algorithm) {
        return switch (algorithm) {
            case GRADIENT2, VEGAS, AIMD -> true;
            case FIXED, BBR -> false;
        };
    }

    private static @Nullable RateSettings resolveRate(QueueSettings.Setting at, @Nullable ClassLoader classLoader) {
        String rate = at.value(Queue::getRate);
        Integer burst = at.value(Queue::getRateBurst);
        String ratePath = at.path("rate", Queue::getRate);
        if (rate == null) {
            if (burst != null) {
                String burstPath = at.path("rate-burst", Queue::getRateBurst);
                throw new InvalidConfigurationPropertyValueException(burstPath, burst,
                        "rate-burst is set but the queue has no rate. Set " + ratePath + " (such as 50/s) too, or "
                                + "remove " + burstPath + ".");
            }
            return null;
        }
        RateSettings parsed = RateSettings.parse(rate, (burst != null) ? burst : 1);
        if (parsed == null) {
            throw new InvalidConfigurationPropertyValueException(ratePath, rate,
                    "a rate is a count of operations per second or per minute, at least 1. Set " + ratePath
                            + " like 50/s or 600/min, or remove it for no rate.");
        }
        if (!parsed.burstWithinCount()) {
            String burstPath = at.path("rate-burst", Queue::getRateBurst);
            throw new InvalidConfigurationPropertyValueException(burstPath, burst,
                    "rate-burst must be from 1 to the rate's count (" + parsed.permits() + "). Set " + burstPath
                            + " within them; 1 spreads the starts evenly.");
        }
        if (!ClassUtils.isPresent("io.github.resilience4j.ratelimiter.RateLimiter", classLoader)) {
            throw new InvalidConfigurationPropertyValueException(ratePath, rate,
                    "a rate needs Resilience4j's rate limiter, which is not on the classpath. Add the dependency "
                            + "io.github.resilience4j:resilience4j-ratelimiter, or remove " + ratePath + ".");
        }
        if (!parsed.schedulable()) {
            throw new InvalidConfigurationPropertyValueException(ratePath, rate,
                    "the rate is too fine to schedule. Set " + ratePath + " lower, or raise the rate-burst.");
        }
        return parsed;
    }

    /**
     * Resolves the names of {@code overload-on} with the application's class loader, each to a
     * {@code Throwable} type, after the built-in ones; {@code null} when unset or empty (the queue's
     * default, which is the built-in ones).
     */
    private static @Nullable List<Class<? extends Throwable>> resolveOverloadOn(QueueSettings.Setting at,
            @Nullable ClassLoader classLoader) {
        List<String> names = at.value(Queue::getOverloadOn);
        if (names == null || names.isEmpty()) {
            return null;
        }
        String path = at.path("overload-on", Queue::getOverloadOn);
        List<Class<? extends Throwable>> types = new ArrayList<>(List.of(RemoteBackOffException.class,
                TimeoutException.class));
        for (String name : names) {
            types.add(overloadType(path, name, classLoader));
        }
        return List.copyOf(types);
    }

    private static Class<? extends Throwable> overloadType(String path, @Nullable String name,
            @Nullable ClassLoader classLoader) {
        if (name == null || name.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(path, name,
                    "an entry of overload-on is blank. Set each entry of " + path + " to the fully qualified name "
                            + "of an exception class, or remove the blank one.");
        }
        Class<?> type;
        try {
            type = ClassUtils.forName(name.trim(), classLoader);
        }
        catch (ClassNotFoundException | LinkageError ex) {
            throw new InvalidConfigurationPropertyValueException(path, name, "the class " + name.trim()
                    + " is not found by the application's class loader (" + ex + "). Set " + path
                    + " to fully qualified names of exception classes, such as "
                    + "org.springframework.web.client.HttpServerErrorException$ServiceUnavailable, and check that "
                    + "the class is on the classpath.");
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            throw new InvalidConfigurationPropertyValueException(path, name, "the class " + type.getName()
                    + " is not an exception (a Throwable), so no failure can be one. Set " + path
                    + " to exception classes only, such as "
                    + "org.springframework.web.client.HttpServerErrorException$ServiceUnavailable.");
        }
        return type.asSubclass(Throwable.class);
    }

    private static @Nullable Duration period(String unit) {
        return switch (unit) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            default -> null;
        };
    }

    private static Function<Queue, Object> limitField(Function<Limit, Object> field) {
        return (queue) -> (queue.getLimit() != null) ? field.apply(queue.getLimit()) : null;
    }
}
