package dev.webhookreceiver.sample;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The shop's activity log.
 */
interface ActivityRepository extends JpaRepository<Activity, Long> {

	List<Activity> findTop50ByOrderByIdDesc();

}
