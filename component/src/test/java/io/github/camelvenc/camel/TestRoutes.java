package io.github.camelvenc.camel;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.LambdaRouteBuilder;
import org.apache.camel.builder.RouteBuilder;

/** The routes of a component test, written as a lambda on its {@link RouteBuilder}. */
final class TestRoutes {
    /** Where {@link #withDeadLetters} sends failed exchanges. */
    static final String DEAD = "mock:dead";

    private TestRoutes() {
    }

    static RoutesBuilder of(LambdaRouteBuilder routes) {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                routes.accept(this);
            }
        };
    }

    /** {@link #of} with every failed exchange sent to {@value #DEAD}. */
    static RoutesBuilder withDeadLetters(LambdaRouteBuilder routes) {
        return of(r -> {
            r.errorHandler(r.deadLetterChannel(DEAD));
            routes.accept(r);
        });
    }
}
