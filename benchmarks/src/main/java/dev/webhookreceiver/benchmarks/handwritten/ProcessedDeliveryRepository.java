package dev.webhookreceiver.benchmarks.handwritten;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The processed deliveries, by delivery id.
 */
interface ProcessedDeliveryRepository extends JpaRepository<ProcessedDelivery, String> {

}
