/**
 * Talking to an MQTT broker with the HiveMQ client: {@link io.streamfleet.protocol.mqtt.MqttSettings}
 * (the {@code --mqtt} URL), {@link io.streamfleet.protocol.mqtt.MqttTopics} (the namespace of
 * shared/CONTRACT.md) and {@link io.streamfleet.protocol.mqtt.MqttConnection} (one reconnecting
 * client, MQTT 5 with a 3.1.1 fallback). See the module README for the flow.
 */
package io.streamfleet.protocol.mqtt;
