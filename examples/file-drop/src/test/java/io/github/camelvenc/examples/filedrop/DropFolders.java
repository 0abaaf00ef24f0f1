package io.github.camelvenc.examples.filedrop;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Empty inbox and outbox for {@link FileDropTest}. */
public class DropFolders implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "file-drop-test";

    @Override
    public Map<String, String> start() {
        return Folders.config(Folders.fresh(NAME));
    }

    @Override
    public void stop() {
        // the folders stay for inspection after the test
    }
}
