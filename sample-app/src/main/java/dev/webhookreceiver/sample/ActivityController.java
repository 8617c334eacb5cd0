package dev.webhookreceiver.sample;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows what the shop's webhook handlers did, newest first.
 */
@RestController
class ActivityController {

	private final ActivityRepository activities;

	ActivityController(ActivityRepository activities) {
		this.activities = activities;
	}

	@GetMapping("/activity")
	List<Activity> latest() {
		return this.activities.findTop50ByOrderByIdDesc();
	}

}
