package io.quiesce.server.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Arquillian deployments start from the real packaged WAR, so the ITs test what ships, plus any test-only classes. */
final class Deployments {

    private Deployments() {}

    static WebArchive quiesce(String name) {
        File war = new File(System.getProperty("quiesce.it.war", "target/quiesce.war"));
        return ShrinkWrap.create(ZipImporter.class, name + ".war")
                .importFrom(war)
                .as(WebArchive.class);
    }
}
