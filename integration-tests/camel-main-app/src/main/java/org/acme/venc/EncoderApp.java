package org.acme.venc;

import org.apache.camel.main.Main;

/** Runs the routes of {@code routes/encode.yaml} with the options of {@code application.properties}. */
public final class EncoderApp {

    private EncoderApp() {
    }

    public static void main(String[] args) throws Exception {
        new Main(EncoderApp.class).run(args);
    }
}
