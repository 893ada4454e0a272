package io.intelgraph.cutover.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the sandbox for exploration, prints its endpoints and config overrides, and runs until
 * Ctrl-C. An optional argument activates a fault scenario, e.g. {@code kafka-lag}.
 *
 * <pre>java -cp maestro-cutover-cli.jar io.intelgraph.cutover.sandbox.SandboxMain [scenario]</pre>
 */
public final class SandboxMain {

  private SandboxMain() {}

  public static void main(String[] args) throws InterruptedException {
    Fault fault = args.length > 0 ? Fault.byScenario(args[0]) : Fault.HEALTHY;
    SandboxResource resource = SandboxResource.start(SandboxOptions.defaults(), 0);
    Sandbox sandbox = resource.sandbox();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  resource.close();
                  stopped.countDown();
                },
                "sandbox-shutdown"));
    sandbox.faults().activate(fault);
    System.out.println("sandbox running (fault: " + fault.scenario() + "); Ctrl-C stops it");
    sandbox
        .configOverrides()
        .forEach((key, value) -> System.out.printf("  %-26s %s%n", key, value));
    stopped.await();
  }
}
