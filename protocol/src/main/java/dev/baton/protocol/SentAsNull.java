package dev.baton.protocol;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A wire field whose null travels as an explicit JSON {@code null} (it carries {@code
 * @JsonInclude(ALWAYS)}) instead of being left out; the generated TypeScript types it {@code T | null}. It
 * changes nothing at run time: Jackson does not read it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE_USE})
public @interface SentAsNull {}
