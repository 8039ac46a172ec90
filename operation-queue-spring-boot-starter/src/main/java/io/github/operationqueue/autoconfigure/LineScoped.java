package io.github.operationqueue.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Injects the shared {@code io.github.operationqueue.line.Line} of a name from the application's
 * {@code Lines} registry: every injection point with the same name, in every bean, gets the same
 * line, created on first use.
 *
 * <pre class="code">
 * public MailClient(&#64;LineScoped("remote-auth") Line authLine) { ... }       // constructor parameter
 *
 * &#64;LineScoped("remote-auth")
 * private Line authLine;                                                       // field
 *
 * &#64;Bean
 * MailClient mailClient(&#64;LineScoped("remote-auth") Line authLine) { ... }  // &#64;Bean method parameter
 * </pre>
 *
 * <p>Without a name, the line is the declaring class's own: it is named after the fully
 * qualified name of the class that declares the field or constructor, or of the configuration
 * class that declares the {@code @Bean} method.
 *
 * <p>How it works: the starter resolves each {@code @LineScoped} injection point when Spring
 * injects it, as Spring resolves {@code @Value}: in any bean, whatever type its definition
 * declares (a {@code @Bean} method declared as {@code Runnable} that returns an object with a
 * {@code @LineScoped} field), whenever the definition was registered, and in an application
 * processed ahead of time, where Spring AOT injects exactly the points it would inject for
 * {@code @Autowired}. An {@code Optional<Line>} or {@code ObjectProvider<Line>} works too. Nothing
 * is scanned at startup. {@code Line} beans are no default candidates: an injection point of type
 * {@code Line} without this annotation gets none. This annotation is a
 * {@link Qualifier @Qualifier}, so that with the starter switched off
 * ({@code operation-queue.enabled=false}) an injection point fails the start, with a failure
 * analysis naming the line, rather than getting some other {@code Line} bean.
 *
 * <p>A field needs no {@code @Autowired}: this annotation carries it. An explicit name must be
 * kebab-case ({@code [a-z0-9]+(-[a-z0-9]+)*}). A malformed name, this annotation on anything but a
 * {@code Line}, or together with {@code @Lazy} (which asks for a lazy proxy, and a {@code Line}
 * is final; the shared line is as cheap to inject as a proxy would be) is a mistake in the code
 * and fails the injection (so the start, for a singleton) with a {@link LineScopedMisuseException}.
 */
@Target({ ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Autowired
@Qualifier
public @interface LineScoped {

    /**
     * The line's name, kebab-case; empty (the default) for the declaring class's own line.
     *
     * @return the name, or an empty string
     */
    String value() default "";

}
