package com.example.cutover;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the named test classes as the module's build would: the JUnit launcher with its
 * auto-registered listeners and the module's junit-platform.properties.
 */
public final class RunConsumerTests {

  public static void main(String[] classes) throws ClassNotFoundException {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String name : classes) request.selectors(selectClass(Class.forName(name)));
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request.build(), summary);
    TestExecutionSummary result = summary.getSummary();
    result.printTo(new PrintWriter(System.out));
    result.printFailuresTo(new PrintWriter(System.out), 5);
    System.exit(result.getTotalFailureCount() == 0 ? 0 : 1);
  }
}
