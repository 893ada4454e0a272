package io.intelgraph.cutover.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One in-process run of the command line: its exit code and what it wrote to stdout and stderr. */
record CommandRun(int exit, String out, String err) {

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = CutoverCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CommandRun(exit, out.toString(), err.toString());
  }

  /** Stdout as JSON, for {@code --format json}. */
  JsonNode json() {
    return JsonMapper.builder().build().readTree(out);
  }
}
