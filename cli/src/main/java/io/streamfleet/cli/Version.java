package io.streamfleet.cli;

import picocli.CommandLine;

/** Prints the build's version (from the jar manifest when packaged). */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"streamfleet " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
  }
}
