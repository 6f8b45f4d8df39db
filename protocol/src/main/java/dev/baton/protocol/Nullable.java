package dev.baton.protocol;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A wire field that may be null. {@link Json#MAPPER} leaves a null field out of the JSON, so readers must
 * expect it absent; the generated TypeScript declares it optional ({@code field?: T}). It changes nothing
 * at run time: Jackson does not read it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Nullable {}
