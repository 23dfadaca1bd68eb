/**
 * What the node is and how busy it is: the facts an agent reports when it joins, and the usage
 * it reports with every heartbeat.
 *
 * <h2>Flow</h2>
 *
 * <pre>
 *   CpuMemoryProbe (OSHI) ─┐
 *   /dev  (DeviceScanner) ─┼─► HardwareDetector.detect() ─► HardwareInfo ──┐
 *   /sys  (PowerSupplies) ─┤   (NodeClassifier picks the NodeClass)        │
 *   nvidia-smi (names)    ─┘                                               ▼
 *                          AgentCapacity.of(hw, overrides, reservation) ─► Resources (capacity)
 *
 *   /proc/stat, /proc/meminfo ─────────► UsageSampler.sampleNode()          ─► NodeUsage
 *   /proc/PID/stat, /proc/PID/status ──► UsageSampler.sampleProcessTrees(..) ─► ProcessUsage per root pid
 * </pre>
 *
 * <h2>Glossary</h2>
 *
 * <dl>
 *   <dt>thread (CPU)</dt>
 *   <dd>a logical processor as the OS schedules it; 1000 cpu millis each.</dd>
 *   <dt>render node</dt>
 *   <dd>{@code /dev/dri/renderD*}: a GPU that can run compute or video work without a display.</dd>
 *   <dt>accelerator</dt>
 *   <dd>a neural-network co-processor: Hailo ({@code /dev/hailo*}) or a PCIe/M.2 Coral Edge TPU
 *       ({@code /dev/apex_*}).</dd>
 *   <dt>reservation</dt>
 *   <dd>CPU and memory kept back from the advertised capacity for the agent and the OS.</dd>
 *   <dt>process tree</dt>
 *   <dd>an exec processor's root process and every descendant, found through the parent pid in
 *       {@code /proc/PID/stat}.</dd>
 *   <dt>clock tick</dt>
 *   <dd>the unit of CPU time in {@code /proc} ({@code getconf CLK_TCK}, 100 on Linux).</dd>
 * </dl>
 *
 * <p>Every filesystem root ({@code /dev}, {@code /sys}, {@code /proc}) and every clock is injected,
 * so tests build fake trees in temporary directories and never sleep.
 */
package io.streamfleet.agent.hardware;
