package io.streamfleet.agent.hardware;

/**
 * How busy the whole node is, as sent with each heartbeat.
 *
 * @param cpuPercent share of all CPU threads that was busy since the previous sample, 0–100
 * @param memoryPercent share of memory in use now (total minus available), 0–100
 */
public record NodeUsage(double cpuPercent, double memoryPercent) {}
