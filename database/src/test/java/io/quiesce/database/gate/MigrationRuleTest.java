package io.quiesce.database.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MigrationRuleTest {

    private static final String V1 = "CREATE TABLE instance (id varchar(64) PRIMARY KEY, note text);\n";
    private static final String EXPAND = "ALTER TABLE instance ADD COLUMN summary jsonb;\n";
    private static final MigrationRule RULE =
            new MigrationRule("0.2.0 (e50742f)", Map.of("V1__instances.sql", V1, "V5__expand.sql", EXPAND));

    /** Each form on line 3 of a new script, after a comment and an allowed statement. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DROP TABLE instance CASCADE                          | drops table instance",
                "DROP TABLE IF EXISTS a, b                            | drops table a, b",
                "DROP VIEW instance_view                              | drops view instance_view",
                "ALTER TABLE instance DROP COLUMN note                | drops column instance.note",
                "ALTER TABLE ONLY instance DROP note                  | drops column instance.note",
                "ALTER TABLE instance RENAME TO instances             | renames table instance to instances",
                "ALTER TABLE instance RENAME COLUMN note TO remark    | renames column instance.note to remark",
                "ALTER TABLE instance RENAME note TO remark           | renames column instance.note to remark",
                "alter table instance alter column note type varchar(10) | changes the type of instance.note",
                "ALTER TABLE instance ALTER note SET DATA TYPE bytea  | changes the type of instance.note",
                "ALTER TABLE instance ALTER COLUMN note SET NOT NULL  | makes instance.note NOT NULL",
                "ALTER TABLE instance ADD COLUMN owner text NOT NULL  | adds column instance.owner NOT NULL without a default",
                "ALTER TABLE instance ADD owner text CHECK (owner <> '') NOT NULL | adds column instance.owner NOT NULL",
                "ALTER TABLE instance SET SCHEMA archive              | moves table instance to schema archive",
                "ALTER VIEW instance_view RENAME TO v                 | renames or moves view instance_view",
            })
    void eachBreakingFormIsRefusedNamingScriptAndLine(String statement, String what) {
        String script =
                "-- why this script exists\nCREATE INDEX instance_note_idx ON instance (note);\n" + statement + ";\n";

        List<MigrationRule.Violation> violations = RULE.check(List.of(
                script("V1__instances.sql", V1), script("V5__expand.sql", EXPAND), script("V6__change.sql", script)));

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).toString())
                .startsWith("mod/db/migration/V6__change.sql:3: " + what)
                .contains("release 0.2.0 (e50742f) still runs while the first pod of this build migrates")
                .contains("-- quiesce:contract expand=<expand script>");
    }

    @Test
    void theLineIsTheOffendingActionsInAMultiLineStatement() {
        String script = "ALTER TABLE instance\n  ADD COLUMN owner text,\n  DROP COLUMN note,\n"
                + "  ADD COLUMN size int NOT NULL DEFAULT 0;\n";

        assertThat(RULE.check(List.of(
                        script("V1__instances.sql", V1),
                        script("V5__expand.sql", EXPAND),
                        script("V6__x.sql", script))))
                .extracting(MigrationRule.Violation::line, v -> v.reason().substring(0, 30))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "drops column instance.note: re"));
    }

    @Test
    void expandOnlyChangesPass() {
        String script = "-- DROP TABLE instance; is only a comment\n"
                + "/* a block /* nested */ DROP TABLE instance; */\n"
                + "CREATE TABLE owner (id int NOT NULL PRIMARY KEY, name text NOT NULL);\n"
                + "ALTER TABLE instance ADD COLUMN size int NOT NULL DEFAULT 0, ADD COLUMN owner_id int,\n"
                + "  ADD CONSTRAINT owner_fk FOREIGN KEY (owner_id) REFERENCES owner (id), DROP CONSTRAINT old_ck,\n"
                + "  ALTER COLUMN note DROP NOT NULL, ALTER COLUMN note SET DEFAULT 'drop column note';\n"
                + "COMMENT ON COLUMN instance.note IS 'rename to remark; drop table instance';\n"
                + "CREATE FUNCTION f() RETURNS void AS $body$ BEGIN DROP TABLE instance; END $body$ LANGUAGE plpgsql;\n"
                + "DROP INDEX IF EXISTS instance_note_idx;\n";

        assertThat(RULE.check(List.of(
                        script("V1__instances.sql", V1),
                        script("V5__expand.sql", EXPAND),
                        script("V6__x.sql", script))))
                .isEmpty();
    }

    @Test
    void aReleasedScriptIsNotCheckedAgainButMustNotChangeOrDisappear() {
        MigrationRule rule = new MigrationRule(
                "0.2.0 (e50742f)", Map.of("V1__instances.sql", V1, "V2__old.sql", "DROP TABLE legacy;\n"));

        assertThat(rule.check(List.of(script("V1__instances.sql", V1), script("V2__old.sql", "DROP TABLE legacy;\n"))))
                .as("released as it is")
                .isEmpty();
        assertThat(rule.check(List.of(script("V1__instances.sql", V1 + "-- touched\n"))))
                .extracting(Object::toString)
                .containsExactly(
                        "V2__old.sql:1: was released in 0.2.0 (e50742f) and is missing: Flyway refuses to start on every"
                                + " database that applied it; keep it, and undo what it did in a new script",
                        "mod/db/migration/V1__instances.sql:2: was released in 0.2.0 (e50742f) and has changed: Flyway"
                                + " refuses to start on every database that applied it; restore it and change the"
                                + " schema in a new script");
    }

    @Test
    void aMarkedContractStepPassesOnceItsExpandStepIsReleased() {
        String contract = "-- quiesce:contract expand=V5__expand.sql\nALTER TABLE instance DROP COLUMN note;\n";

        assertThat(RULE.check(List.of(
                        script("V1__instances.sql", V1),
                        script("V5__expand.sql", EXPAND),
                        script("V6__c.sql", contract))))
                .isEmpty();
    }

    @Test
    void aMarkedContractStepIsRefusedWhileItsExpandStepIsUnreleased() {
        String expand = "ALTER TABLE instance ADD COLUMN remark text;\n";
        String contract = "-- drop the old column\n-- quiesce:contract expand=V6__remark.sql\n"
                + "ALTER TABLE instance DROP COLUMN note;\n";

        assertThat(RULE.check(List.of(
                        script("V1__instances.sql", V1),
                        script("V5__expand.sql", EXPAND),
                        script("V6__remark.sql", expand),
                        script("V7__drop_note.sql", contract))))
                .extracting(Object::toString)
                .containsExactly(
                        "mod/db/migration/V7__drop_note.sql:2: is marked as the contract step of V6__remark.sql, which"
                                + " release 0.2.0 (e50742f) does not contain: ship the expand step in a release first",
                        "mod/db/migration/V7__drop_note.sql:3: drops column instance.note: release 0.2.0 (e50742f)"
                                + " still runs while the first pod of this build migrates, and may still read it. Make"
                                + " it the contract step of an expand/contract change: ship the expand step, then mark"
                                + " this script '-- quiesce:contract expand=<expand script>' once the expand step is"
                                + " released");
    }

    @Test
    void aMalformedMarkerIsNamed() {
        String contract = "-- quiesce:contract V5__expand.sql\nALTER TABLE instance DROP COLUMN note;\n";

        assertThat(RULE.check(List.of(
                        script("V1__instances.sql", V1),
                        script("V5__expand.sql", EXPAND),
                        script("V6__c.sql", contract))))
                .extracting(MigrationRule.Violation::line, MigrationRule.Violation::reason)
                .startsWith(org.assertj.core.groups.Tuple.tuple(
                        1, "a contract marker is written '-- quiesce:contract expand=<script>.sql'"));
    }

    @Test
    void twoScriptsOfOneVersionAreRefused() {
        assertThat(RULE.check(List.of(
                        script("V1__instances.sql", V1),
                        script("V5__expand.sql", EXPAND),
                        new MigrationRule.Script("V5__other.sql", "jobs/db/migration/V5__other.sql", EXPAND))))
                .extracting(Object::toString)
                .containsExactly(
                        "jobs/db/migration/V5__other.sql:1: version V5 is also mod/db/migration/V5__expand.sql: Flyway"
                                + " refuses both");
    }

    private static MigrationRule.Script script(String name, String text) {
        return new MigrationRule.Script(name, "mod/db/migration/" + name, text);
    }
}
