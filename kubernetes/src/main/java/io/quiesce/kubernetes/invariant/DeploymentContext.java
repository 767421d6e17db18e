package io.quiesce.kubernetes.invariant;

import io.quiesce.kubernetes.app.ConfigDefaults;
import io.quiesce.kubernetes.app.ServerXml;
import io.quiesce.kubernetes.container.Containerfile;
import io.quiesce.kubernetes.container.ImageLayout;
import java.nio.file.Path;

/** What the manifests must agree with: the app's configuration defaults, liberty/server.xml, the image layout. */
public record DeploymentContext(ConfigDefaults defaults, ServerXml server, ImageLayout layout) {

    public static DeploymentContext load(Path repositoryRoot) {
        ServerXml server = ServerXml.read(repositoryRoot.resolve("liberty/server.xml"));
        return new DeploymentContext(
                ConfigDefaults.discover(repositoryRoot),
                server,
                ImageLayout.of(Containerfile.read(repositoryRoot.resolve("Containerfile")), server));
    }

    public DeploymentContext withDefaults(ConfigDefaults replacement) {
        return new DeploymentContext(replacement, server, layout);
    }
}
